'use strict';
'require ui';
'require uci';
// Test stand-in for LuCI's form.js, the parts a protocol form uses: Map, NamedSection with tabs,
// Value / ListValue / Flag, depends(), validate/datatype, ucioption, rmempty, and LuCI's parse rules
// on save: a non-empty form value is written when it differs from the stored one, an empty one is
// removed (rmempty); a Flag equal to its default is removed; inactive (hidden) options are removed
// by Flag and left alone by Value, as in openwrt/luci form.js. Markup follows LuCI's ids
// (cbid.<config>.<section>.<option>, data-field, data-name) so tests can address fields.

function isEqual(x, y) { return JSON.stringify(x) === JSON.stringify(y); }

var AbstractValue = L.Class.extend({
	__init__: function(map, section, option, title, description) {
		this.map = map; this.section = section; this.option = option;
		this.title = title || ''; this.description = description || '';
		this.deps = []; this.rmempty = true; this.default = null; this.optional = false;
		this.data = {};
	},
	depends: function(field, value) {
		var d = {};
		if (typeof(field) === 'string') d[field] = value; else d = field;
		this.deps.push(d);
	},
	cbid: function(sid) { return 'cbid.%s.%s.%s'.format(this.map.config, sid, this.option); },
	load: function(sid) { return this.map.data.get(this.map.config, sid, this.ucioption || this.option); },
	cfgvalue: function(sid, value) { if (arguments.length == 2) this.data[sid] = value; return this.data[sid]; },
	widget: function(sid) { var n = this.map.root.querySelector('[id="' + this.cbid(sid) + '"]'); return n ? L.dom.findClassInstance(n) : null; },
	formvalue: function(sid) { var w = this.widget(sid); return w ? w.getValue() : null; },
	field: function(sid) { return this.map.root.querySelector('[data-field="' + this.cbid(sid) + '"]'); },
	isActive: function(sid) { var f = this.field(sid); return f != null && !f.classList.contains('hidden'); },
	isValid: function(sid) { var w = this.widget(sid); return w ? w.triggerValidation() : true; },
	validate: function(sid, value) { return true; },
	checkDepends: function(sid) {
		if (!this.deps.length) return true;
		var map = this.map;
		return this.deps.some(function(d) {
			return Object.keys(d).every(function(k) {
				var o = map.lookupOption(k, sid);
				var v = (o && o.isActive(sid)) ? o.formvalue(sid) : null;
				return v == d[k];
			});
		});
	},
	write: function(sid, value) { return this.map.data.set(this.map.config, sid, this.ucioption || this.option, value); },
	remove: function(sid) { return this.map.data.unset(this.map.config, sid, this.ucioption || this.option); },
	parse: function(sid) {
		var active = this.isActive(sid), cval = this.cfgvalue(sid), fval = active ? this.formvalue(sid) : null;
		if (active && !this.isValid(sid)) return Promise.reject(new Error('invalid value for ' + this.option));
		if (fval != '' && fval != null) {
			if (!isEqual(cval, fval)) return Promise.resolve(this.write(sid, fval));
		}
		else if (this.rmempty || this.optional) {
			return Promise.resolve(this.remove(sid));
		}
		return Promise.resolve();
	},
	widgetOptions: function(sid) {
		return {
			id: this.cbid(sid), optional: this.optional || this.rmempty, datatype: this.datatype,
			placeholder: this.placeholder, password: this.password,
			validate: L.bind(this.validate, this, sid)
		};
	},
	render: function(sid) {
		var widget = this.renderWidget(sid, this.cfgvalue(sid));
		var el = E('div', {
			'class': 'cbi-value', 'id': 'cbi-%s-%s-%s'.format(this.map.config, sid, this.option),
			'data-field': this.cbid(sid), 'data-name': this.option, 'data-ucioption': this.ucioption || this.option
		}, [
			E('label', { 'class': 'cbi-value-title', 'for': 'widget.' + this.cbid(sid) }, [ this.title ]),
			E('div', { 'class': 'cbi-value-field' }, [
				widget,
				this.description ? E('div', { 'class': 'cbi-value-description' }, [ this.description ]) : null
			])
		]);
		if (this.deps.length) el.classList.add('hidden');
		el.addEventListener('widget-change', L.bind(this.map.checkDepends, this.map));
		return el;
	}
});

var Value = AbstractValue.extend({
	value: function(key, label) {
		this.keylist = this.keylist || []; this.vallist = this.vallist || [];
		this.keylist.push(String(key)); this.vallist.push(String(label != null ? label : key));
	},
	choices: function() {
		if (!this.keylist) return null;
		var c = {};
		this.keylist.forEach(function(k, i) { c[k] = this.vallist[i]; }, this);
		return c;
	},
	renderWidget: function(sid, cfgvalue) {
		var value = (cfgvalue != null) ? cfgvalue : this.default, choices = this.choices(), opts = this.widgetOptions(sid);
		if (choices) {
			opts.choices = choices; opts.sort = this.keylist;
			return new ui.Select(value != null ? value : (this.rmempty ? '' : null), opts).render();
		}
		return new ui.Textfield(value, opts).render();
	}
});

var ListValue = Value.extend({
	renderWidget: function(sid, cfgvalue) {
		var opts = this.widgetOptions(sid);
		opts.choices = this.choices() || {}; opts.sort = this.keylist || [];
		return new ui.Select(cfgvalue != null ? cfgvalue : this.default, opts).render();
	}
});

var Flag = Value.extend({
	__init__: function() {
		AbstractValue.prototype.__init__.apply(this, arguments);
		this.enabled = '1'; this.disabled = '0'; this.default = this.disabled;
	},
	renderWidget: function(sid, cfgvalue) {
		var opts = this.widgetOptions(sid);
		opts.value_enabled = this.enabled; opts.value_disabled = this.disabled;
		return new ui.Checkbox(cfgvalue != null ? cfgvalue : this.default, opts).render();
	},
	formvalue: function(sid) { var w = this.widget(sid); return (w && w.isChecked()) ? this.enabled : this.disabled; },
	parse: function(sid) {
		if (this.isActive(sid)) {
			var fval = this.formvalue(sid);
			if (!this.isValid(sid)) return Promise.reject(new Error('invalid value for ' + this.option));
			if (fval == this.default && (this.optional || this.rmempty)) return Promise.resolve(this.remove(sid));
			return Promise.resolve(this.write(sid, fval));
		}
		return Promise.resolve(this.remove(sid));
	}
});

var NamedSection = L.Class.extend({
	__init__: function(map, sid, type, title) {
		this.map = map; this.section = sid; this.sectiontype = type; this.title = title || '';
		this.children = []; this.tabs = null; this.tab_names = [];
	},
	cfgsections: function() { return this.map.data.get(this.map.config, this.section) ? [ this.section ] : []; },
	tab: function(name, title) {
		this.tabs = this.tabs || {};
		if (this.tabs[name]) throw new Error('Tab already declared');
		this.tabs[name] = { name: name, title: title, children: [] };
		this.tab_names.push(name);
	},
	option: function(cls, option, title, description) {
		var o = new cls(this.map, this, option, title, description);
		this.children.push(o);
		return o;
	},
	taboption: function(tab, cls, option, title, description) {
		if (!this.tabs || !this.tabs[tab]) L.error('ReferenceError', 'Associated tab not declared');
		var o = this.option(cls, option, title, description);
		o.tab = tab;
		this.tabs[tab].children.push(o);
		return o;
	},
	load: function() {
		var sid = this.section;
		return Promise.all(this.children.map(function(o) {
			return Promise.resolve(o.load(sid)).then(function(v) { o.cfgvalue(sid, v); });
		}));
	},
	parse: function() {
		var sid = this.section;
		return Promise.all(this.children.map(function(o) { return o.parse(sid); }));
	},
	render: function() {
		var sid = this.section, self = this;
		var panes = (this.tab_names.length ? this.tab_names : [ null ]).map(function(tab) {
			var opts = self.children.filter(function(o) { return tab === null || o.tab === tab; });
			return E('div', {
				'id': 'container.%s.%s.%s'.format(self.map.config, sid, tab),
				'data-tab': tab, 'data-tab-title': tab ? self.tabs[tab].title : null
			}, opts.map(function(o) { return o.render(sid); }));
		});
		return E('div', { 'class': 'cbi-section', 'id': 'cbi-%s-%s'.format(this.map.config, sid) }, [
			this.title ? E('h3', {}, [ this.title ]) : null,
			E('div', { 'class': 'cbi-section-node cbi-section-node-tabbed' }, panes)
		]);
	},
	checkDepends: function() {
		var sid = this.section, changed = false;
		this.children.forEach(function(o) {
			var field = o.field(sid);
			if (!field) return;
			var want = o.checkDepends(sid), active = !field.classList.contains('hidden');
			if (want != active) { field.classList.toggle('hidden', !want); changed = true; }
		});
		return changed;
	}
});

var Map = L.Class.extend({
	__init__: function(config, title, description) {
		this.config = config; this.title = title || ''; this.description = description || '';
		this.children = []; this.data = uci;
	},
	section: function(cls) {
		var s = new cls(this, arguments[1], arguments[2], arguments[3]);
		this.children.push(s);
		return s;
	},
	lookupOption: function(name, sid) {
		for (var i = 0; i < this.children.length; i++)
			for (var j = 0; j < this.children[i].children.length; j++)
				if (this.children[i].children[j].option == name) return this.children[i].children[j];
		return null;
	},
	load: function() {
		return this.data.load(this.config).then(L.bind(function() {
			return Promise.all(this.children.map(function(s) { return s.load(); }));
		}, this));
	},
	checkDepends: function() {
		for (var n = 0; n < 10; n++)
			if (!this.children.map(function(s) { return s.checkDepends(); }).some(Boolean)) break;
	},
	render: function() {
		return this.load().then(L.bind(function() {
			this.root = E('div', { 'class': 'cbi-map', 'id': 'cbi-' + this.config }, [
				this.title ? E('h2', {}, [ this.title ]) : null,
				this.description ? E('div', { 'class': 'cbi-map-descr' }, [ this.description ]) : null
			].concat(this.children.map(function(s) { return s.render(); })));
			this.checkDepends();
			var groups = this.root.querySelectorAll('.cbi-section-node-tabbed');
			for (var i = 0; i < groups.length; i++) ui.tabs.initTabGroup(groups[i].childNodes);
			return this.root;
		}, this));
	},
	save: function() {
		this.checkDepends();
		return Promise.all(this.children.map(function(s) { return s.parse(); }))
			.then(L.bind(function() { return this.data.save(); }, this));
	}
});

return L.Class.extend({
	Map: Map,
	NamedSection: NamedSection,
	AbstractValue: AbstractValue,
	Value: Value,
	ListValue: ListValue,
	Flag: Flag
});
