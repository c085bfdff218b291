// A small stand-in for LuCI's luci.js, written for the tests: the globals (L, E, _), the class
// system, String.prototype.format and the module loader that evaluates LuCI-style modules
// ('use strict'; 'require x'; 'require a.b as c'; ... return <value>) the way LuCI does: fetch the
// file, load the required modules first, run the body as a function of them, and instantiate the
// returned class. No LuCI code is used; behaviour follows openwrt/luci's luci.js as documented.
(function(window) {
	'use strict';

	function Base() {}
	Base.extend = function(props) {
		var Parent = this;
		var Cls = function() {
			if (typeof(this.__init__) == 'function')
				this.__init__.apply(this, arguments);
		};
		Cls.prototype = Object.create(Parent.prototype);
		Object.keys(props || {}).forEach(function(k) {
			Object.defineProperty(Cls.prototype, k, { value: props[k], writable: true, configurable: true, enumerable: true });
		});
		Cls.prototype.constructor = Cls;
		Cls.extend = Base.extend;
		Cls.isSubclass = function(other) { return other != null && (other === Cls || other.prototype instanceof Cls); };
		Cls.instantiate = function(args) { var o = Object.create(Cls.prototype); Cls.apply(o, args || []); return o; };
		Cls.superclass = Parent;
		return Cls;
	};
	Base.isSubclass = function(other) { return other != null && (other === Base || other.prototype instanceof Base); };

	var classInstances = new WeakMap();
	var modules = {};

	var L = {
		Class: Base,
		env: { resource: '/luci-static/resources' },

		bind: function(fn, self) {
			var args = Array.prototype.slice.call(arguments, 2);
			return function() { return fn.apply(self, args.concat(Array.prototype.slice.call(arguments))); };
		},
		isObject: function(x) { return x != null && typeof(x) == 'object'; },
		toArray: function(x) { return x == null ? [] : Array.isArray(x) ? x : [ x ]; },
		resolveDefault: function(p, def) { return Promise.resolve(p).catch(function() { return def; }); },
		hasSystemFeature: function() { return false; },
		error: function(type, msg) { var e = new Error(msg); e.name = type; throw e; },

		dom: {
			elem: function(x) { return x instanceof Node; },
			append: function(node, children) {
				L.toArray(children).forEach(function(c) {
					if (c == null || c === false) return;
					if (Array.isArray(c)) L.dom.append(node, c);
					else node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
				});
				return node;
			},
			content: function(node, children) {
				while (node.firstChild) node.removeChild(node.firstChild);
				return L.dom.append(node, children);
			},
			bindClassInstance: function(node, inst) { classInstances.set(node, inst); },
			findClassInstance: function(node) {
				for (var n = node; n; n = n.parentNode)
					if (classInstances.has(n)) return classInstances.get(n);
				return null;
			},
			callClassMethod: function(node, method) {
				var inst = classInstances.get(node);
				if (!inst || typeof(inst[method]) != 'function') return null;
				return inst[method].apply(inst, Array.prototype.slice.call(arguments, 2));
			},
			parent: function(node, selector) { return node.closest(selector); }
		},

		// 'require protocol.huaweiwwan' -> <resource>/protocol/huaweiwwan.js
		require: function(name) {
			if (!modules[name])
				modules[name] = fetch(L.env.resource + '/' + name.replace(/\./g, '/') + '.js', { cache: 'no-store' })
					.then(function(res) {
						if (!res.ok) throw new Error('Cannot load module ' + name + ': HTTP ' + res.status);
						return res.text();
					})
					.then(function(source) { return compile(name, source); });
			return modules[name];
		}
	};

	function compile(name, source) {
		var deps = [], as = [], re = /^\s*(?:'use strict';|'require\s+([A-Za-z0-9_.]+)(?:\s+as\s+([A-Za-z0-9_]+))?';|\/\/[^\n]*|\s)/,
		    rest = source, m;
		while ((m = re.exec(rest)) && m[0].length) {
			if (m[1]) { deps.push(m[1]); as.push(m[2] || m[1].replace(/^.*\./, '')); }
			rest = rest.slice(m[0].length);
		}
		return Promise.all(deps.map(L.require)).then(function(instances) {
			var fn = new Function([ 'L' ].concat(as).join(','), '"use strict";\n' + source + '\n//# sourceURL=' + name + '.js');
			var result = fn.apply(window, [ L ].concat(instances));
			if (typeof(result) == 'function' && Base.isSubclass(result))
				result = new result();
			return result;
		});
	}

	function E(tag, attrs, children) {
		if (Array.isArray(tag)) {
			var frag = document.createDocumentFragment();
			return L.dom.append(frag, tag);
		}
		if (!L.isObject(attrs) || Array.isArray(attrs) || attrs instanceof Node) { children = attrs; attrs = {}; }
		var el = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function(k) {
			var v = attrs[k];
			if (v == null || v === false) return;
			if (typeof(v) == 'function') el.addEventListener(k, v);
			else if (L.isObject(v)) el.setAttribute(k, JSON.stringify(v));
			else el.setAttribute(k, v === true ? '' : String(v));
		});
		return L.dom.append(el, children);
	}

	String.prototype.format = function() {
		var args = arguments, i = 0, str = String(this);
		return str.replace(/%(%|[0-9.]*[sdfhqt])/g, function(all, spec) {
			if (spec == '%') return '%';
			var v = args[i++], kind = spec.slice(-1);
			if (v == null) v = '';
			switch (kind) {
			case 'd': return String(Math.floor(+v));
			case 'f': return String(+v);
			case 'h': case 'q': return String(v).replace(/[&<>"']/g, function(c) { return '&#' + c.charCodeAt(0) + ';'; });
			case 't': return String(v) + 's';
			default: return String(v);
			}
		});
	};

	window.L = L;
	window.E = E;
	window._ = function(s) { return s; };
	window.N_ = function(n, s, p) { return n == 1 ? s : p; };
})(window);
