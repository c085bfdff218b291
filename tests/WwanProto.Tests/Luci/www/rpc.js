'use strict';
// Test stand-in for LuCI's rpc.js: rpc.declare() returns a function that calls one ubus method
// with its positional arguments mapped to the named params, then applies `expect` and `filter` as
// LuCI does. The "bus" is window.__ubus, an object the test fills: { "<object>": { "<method>": answer } }.
// A missing object/method rejects like rpcd's "Object not found" / "Method not found".

function expectValue(expect, result) {
	var keys = Object.keys(expect || {});
	if (!keys.length) return result;
	var key = keys[0], def = expect[key];
	var value = (key === '') ? result : (L.isObject(result) ? result[key] : undefined);
	if (def != null && (value == null || typeof(value) != typeof(def) || Array.isArray(value) != Array.isArray(def)))
		return def;
	return value;
}

return L.Class.extend({
	calls: [],

	declare: function(spec) {
		var calls = this.calls;
		return function() {
			var args = {}, params = spec.params || [];
			for (var i = 0; i < params.length && i < arguments.length; i++)
				if (arguments[i] !== undefined) args[params[i]] = arguments[i];
			calls.push({ object: spec.object, method: spec.method, args: args });

			var bus = window.__ubus || {}, obj = bus[spec.object];
			if (!obj) return Promise.reject(new Error('Object not found: ' + spec.object));
			var answer = obj[spec.method];
			if (answer === undefined) return Promise.reject(new Error('Method not found: ' + spec.method));
			if (typeof(answer) == 'function') answer = answer(args);

			return Promise.resolve(answer).then(function(result) {
				result = expectValue(spec.expect, result);
				return spec.filter ? spec.filter(result, args, spec) : result;
			});
		};
	}
});
