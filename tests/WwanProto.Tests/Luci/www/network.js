'use strict';
'require rpc';
'require uci';
// Test stand-in for LuCI's network.js: the protocol registry. registerProtocol() returns a class
// derived from Protocol (LuCI's base: sid, _ubus(), getL3Device()...), getProtocol() instantiates it
// for one interface, and error codes / virtual patterns are recorded for the test to inspect.

var protocols = {}, errorCodes = {}, virtualPatterns = [];

var Protocol = L.Class.extend({
	__init__: function(name) { this.sid = name; },
	_ubus: function(field) { return null; },
	get: function(opt) { return uci.get('network', this.sid, opt); },
	getProtocol: function() { return null; },
	getI18n: function() { return this.getProtocol(); },
	getL3Device: function() { return null; },
	getDevice: function() { return null; },
	isFloating: function() { return false; },
	isVirtual: function() { return false; },
	renderFormOptions: function(s) {}
});

return L.Class.extend({
	Protocol: Protocol,
	errorCodes: errorCodes,
	virtualPatterns: virtualPatterns,
	protocols: protocols,

	registerProtocol: function(name, methods) {
		var cls = Protocol.extend(Object.assign({}, methods, {
			getProtocol: function() { return name; }
		}));
		protocols[name] = cls;
		return cls;
	},

	registerErrorCode: function(code, message) {
		if (typeof(code) == 'string' && typeof(message) == 'string' && !errorCodes.hasOwnProperty(code)) {
			errorCodes[code] = message;
			return true;
		}
		return false;
	},

	registerPatternVirtual: function(pat) { virtualPatterns.push(pat); },

	getProtocol: function(name, netname) {
		var cls = protocols[name];
		return cls ? new cls(netname || '__dummy__') : null;
	},

	getIfnameOf: function(obj) { return (obj && obj.getIfname) ? obj.getIfname() : String(obj); }
});
