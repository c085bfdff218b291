'use strict';
'require ui';
// Test stand-in for LuCI's view.js: a view class renders itself into #view when instantiated:
// load(), then render(data), then the node replaces #view's content (as LuCI's view does).

return L.Class.extend({
	View: null,

	extend: function(props) {
		var Cls = L.Class.extend(Object.assign({
			__init__: function() {
				var target = document.getElementById('view');
				this.rendered = Promise.resolve(this.load())
					.then(L.bind(this.render, this))
					.then(function(node) { L.dom.content(target, node); return node; })
					.catch(function(e) { L.dom.content(target, E('pre', { 'class': 'alert-message error' }, String(e && e.stack || e))); throw e; });
			},
			load: function() { return null; },
			render: function() { return E('div'); },
			handleSave: null,
			handleSaveApply: null,
			handleReset: null
		}, props));
		return Cls;
	}
});
