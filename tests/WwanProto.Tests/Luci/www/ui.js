'use strict';
// Test stand-in for LuCI's ui.js: the widgets form.js renders (text field, select, checkbox) with
// LuCI's widget contract (render, getValue, setValue, isValid, triggerValidation; the root node has
// the widget id and carries the instance), and LuCI's datatype checks for the ones our form uses.

var datatypes = {
	integer: function(v) { return /^-?[0-9]+$/.test(v); },
	uinteger: function(v) { return /^[0-9]+$/.test(v); },
	range: function(v, min, max) { return datatypes.integer(v) && +v >= +min && +v <= +max; },
	min: function(v, min) { return datatypes.integer(v) && +v >= +min; },
	max: function(v, max) { return datatypes.integer(v) && +v <= +max; }
};

function checkDatatype(type, value) {
	var m = /^([a-z]+)(?:\((.*)\))?$/.exec(type || '');
	if (!m || !datatypes[m[1]]) return true;
	var args = m[2] ? m[2].split(',') : [];
	return datatypes[m[1]].apply(null, [ value ].concat(args))
		? true : 'Expecting: %s'.format(type);
}

var Widget = L.Class.extend({
	__init__: function(value, options) {
		this.value = value;
		this.options = options || {};
	},

	node: function(inner) {
		var root = E('div', { 'id': this.options.id, 'class': 'cbi-widget' }, inner);
		L.dom.bindClassInstance(root, this);
		this.root = root;
		var self = this;
		inner.addEventListener('change', function() {
			self.triggerValidation();
			root.dispatchEvent(new CustomEvent('widget-change', { bubbles: true }));
		});
		inner.addEventListener('input', function() { self.triggerValidation(); });
		return root;
	},

	isValid: function() { return this.validState !== false; },

	triggerValidation: function() {
		var v = this.getValue(), res = true;
		if (v !== '' && v != null && this.options.datatype)
			res = checkDatatype(this.options.datatype, v);
		if (res === true && typeof(this.options.validate) == 'function')
			res = this.options.validate(v);
		if (res === true && !this.options.optional && (v === '' || v == null) && this.options.required)
			res = 'Non-empty value required';
		this.validState = (res === true);
		this.input.classList.toggle('cbi-input-invalid', res !== true);
		this.input.title = (res === true) ? '' : res;
		return res === true;
	}
});

var Textfield = Widget.extend({
	render: function() {
		this.input = E('input', {
			'id': 'widget.' + this.options.id,
			'type': this.options.password ? 'password' : 'text',
			'class': 'cbi-input-text',
			'placeholder': this.options.placeholder,
			'value': this.value == null ? '' : this.value
		});
		return this.node(this.input);
	},
	getValue: function() { return this.input.value; },
	setValue: function(v) { this.input.value = v == null ? '' : v; }
});

var Select = Widget.extend({
	render: function() {
		var choices = this.options.choices || {}, keys = this.options.sort || Object.keys(choices), self = this;
		this.input = E('select', { 'id': 'widget.' + this.options.id, 'class': 'cbi-input-select' });
		var values = keys.slice();
		if (this.value != null && this.value !== '' && values.indexOf(String(this.value)) < 0)
			values.push(String(this.value));
		values.forEach(function(k) {
			self.input.appendChild(E('option', { 'value': k }, [ choices[k] != null ? choices[k] : k ]));
		});
		this.input.value = (this.value == null) ? (values[0] || '') : String(this.value);
		return this.node(this.input);
	},
	getValue: function() { return this.input.value; },
	setValue: function(v) { this.input.value = v; }
});

var Checkbox = Widget.extend({
	render: function() {
		this.input = E('input', {
			'id': 'widget.' + this.options.id,
			'type': 'checkbox',
			'class': 'cbi-input-checkbox'
		});
		this.input.checked = (this.value == this.options.value_enabled);
		return this.node(this.input);
	},
	isChecked: function() { return this.input.checked; },
	getValue: function() { return this.input.checked ? this.options.value_enabled : this.options.value_disabled; },
	setValue: function(v) { this.input.checked = (v == this.options.value_enabled); }
});

return L.Class.extend({
	Textfield: Textfield,
	Select: Select,
	Checkbox: Checkbox,
	notifications: [],
	addNotification: function(title, children) { this.notifications.push([ title, children ]); },
	tabs: {
		// Show the active tab's pane, hide the others (LuCI: ui.tabs.initTabGroup).
		initTabGroup: function(panes) {
			panes = Array.prototype.slice.call(panes).filter(function(p) { return p.getAttribute && p.getAttribute('data-tab'); });
			if (!panes.length) return;
			var menu = E('ul', { 'class': 'cbi-tabmenu' });
			var select = function(name) {
				panes.forEach(function(p) { p.style.display = (p.getAttribute('data-tab') == name) ? '' : 'none'; });
				Array.prototype.forEach.call(menu.children, function(li) {
					li.className = (li.getAttribute('data-tab') == name) ? 'cbi-tab' : 'cbi-tab-disabled';
				});
			};
			panes.forEach(function(p) {
				var name = p.getAttribute('data-tab');
				menu.appendChild(E('li', { 'data-tab': name, 'click': function() { select(name); } },
					[ E('a', { 'href': '#' }, [ p.getAttribute('data-tab-title') ]) ]));
			});
			panes[0].parentNode.insertBefore(menu, panes[0]);
			select(panes[0].getAttribute('data-tab'));
		},
		updateTabs: function() {}
	}
});
