'use strict';
// Test stand-in for LuCI's uci.js: an in-memory copy of the configs (window.__uciData, as
// `ubus call uci get` would return them: sections keyed by name with .name/.type), with LuCI's
// get/set/unset/sections semantics. save() records the result in window.__uciSaved.

function store() { return window.__uciData || (window.__uciData = {}); }

return L.Class.extend({
	load: function(configs) {
		L.toArray(configs).forEach(function(c) { store()[c] = store()[c] || {}; });
		return Promise.resolve(L.toArray(configs));
	},

	sections: function(config, type, cb) {
		var all = store()[config] || {};
		var list = Object.keys(all).map(function(k) { return all[k]; })
			.filter(function(s) { return type == null || s['.type'] == type; });
		if (typeof(cb) == 'function') list.forEach(function(s) { cb.call(this, s, s['.name']); });
		return list;
	},

	get: function(config, sid, option) {
		var s = (store()[config] || {})[sid];
		if (!s) return null;
		if (option == null) return s;
		var v = s[option];
		return (v == null) ? null : Array.isArray(v) ? v.slice() : String(v);
	},

	set: function(config, sid, option, value) {
		var s = (store()[config] || {})[sid];
		if (!s || option == null || option.charAt(0) == '.') return;
		if (value == null || value === '') delete s[option];
		else s[option] = Array.isArray(value) ? value.slice() : String(value);
	},

	unset: function(config, sid, option) { this.set(config, sid, option, null); },

	save: function() {
		window.__uciSaved = JSON.parse(JSON.stringify(store()));
		return Promise.resolve();
	}
});
