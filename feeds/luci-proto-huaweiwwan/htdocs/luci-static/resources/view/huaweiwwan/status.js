'use strict';
'require view';
'require poll';
'require rpc';
'require uci';

// Status -> Cellular modems: one card per proto huaweiwwan interface, from each session's ubus
// object huaweiwwan.<iface> (proxied by our rpcd plugin as "huaweiwwan status"), refreshed every 5 s.
// While pppd runs in place of the session (PPP mode) the plugin answers from netifd's interface status,
// whose modem data ppp-up reported when the link came up: "source":"netifd".

var callStatus = rpc.declare({
	object: 'huaweiwwan',
	method: 'status',
	params: [ 'interface' ],
	expect: { interfaces: {} }
});

// The session's status object uses snake_case keys; camelCase is accepted too.
function field(st, snake) {
	if (st[snake] != null)
		return st[snake];
	var camel = snake.replace(/_([a-z])/g, function(m, c) { return c.toUpperCase(); });
	return st[camel];
}

function formatUptime(seconds) {
	if (seconds == null || isNaN(seconds) || seconds < 0)
		return null;
	var d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24,
	    m = Math.floor(seconds / 60) % 60, s = Math.floor(seconds % 60);
	return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + (d || h || m ? m + 'm ' : '') + s + 's';
}

function uptimeOf(st) {
	var up = field(st, 'uptime');
	if (up != null)
		return formatUptime(+up);
	var since = field(st, 'connected_since');
	if (since == null)
		return null;
	var t = (typeof(since) == 'number') ? since * 1000 : Date.parse(since);
	return isNaN(t) ? null : formatUptime((Date.now() - t) / 1000);
}

function signalBars(bars, dbm) {
	var n = Math.max(0, Math.min(5, +bars || 0)), spans = [];
	for (var i = 1; i <= 5; i++)
		spans.push(E('span', {
			'class': 'huaweiwwan-bar' + (i <= n ? ' on' : ''),
			'style': 'display:inline-block;width:5px;margin-right:2px;vertical-align:bottom;' +
				'height:' + (3 + i * 3) + 'px;background:' + (i <= n ? '#2a8a2a' : '#ccc')
		}));
	return E('span', { 'class': 'huaweiwwan-signal', 'data-bars': n, 'title': '%d/5'.format(n) }, [
		E('span', { 'style': 'margin-right:6px' }, spans),
		(dbm != null) ? '%d dBm'.format(dbm) : _('unknown')
	]);
}

function row(label, value) {
	return E('tr', { 'class': 'tr' }, [
		E('td', { 'class': 'td left', 'style': 'width:33%' }, [ label ]),
		E('td', { 'class': 'td left' }, [ (value == null || value === '') ? '-' : value ])
	]);
}

function renderInterface(name, st) {
	var model = [ field(st, 'manufacturer'), field(st, 'model') ].filter(function(x) { return x; }).join(' ');

	return E('div', { 'class': 'cbi-section', 'data-interface': name }, [
		E('h3', {}, [
			_('Interface %s').format(name),
			(field(st, 'source') == 'netifd')
				? E('small', { 'class': 'huaweiwwan-source', 'style': 'font-weight:normal;margin-left:8px' },
					[ _('(values from connect time)') ])
				: ''
		]),
		E('table', { 'class': 'table' }, [
			row(_('State'), field(st, 'state')),
			row(_('Modem'), model || null),
			row(_('IMEI'), field(st, 'imei')),
			row(_('Operator'), field(st, 'operator')),
			row(_('Radio access technology'), field(st, 'rat')),
			row(_('Signal'), signalBars(field(st, 'signal_bars'), field(st, 'signal_dbm'))),
			row(_('SIM'), field(st, 'sim_state')),
			row(_('Connection'), field(st, 'link_type')),
			row(_('Uptime'), uptimeOf(st)),
			row(_('Last error'), field(st, 'last_error'))
		])
	]);
}

return view.extend({
	load: function() {
		return Promise.all([
			L.resolveDefault(callStatus(), {}),
			uci.load('network')
		]);
	},

	configuredInterfaces: function() {
		return uci.sections('network', 'interface')
			.filter(function(s) { return s.proto == 'huaweiwwan'; })
			.map(function(s) { return s['.name']; });
	},

	update: function(container, interfaces) {
		var names = this.configuredInterfaces();
		Object.keys(interfaces || {}).forEach(function(n) {
			if (names.indexOf(n) < 0)
				names.push(n);
		});

		var nodes = names.map(function(n) {
			return interfaces[n] ? renderInterface(n, interfaces[n])
				: E('div', { 'class': 'cbi-section', 'data-interface': n }, [
					E('h3', {}, [ _('Interface %s').format(n) ]),
					E('p', {}, [ E('em', {}, [ _('Not running') ]) ])
				]);
		});
		if (!nodes.length)
			nodes.push(E('p', {}, [ E('em', {}, [ _('No interface uses protocol huaweiwwan.') ]) ]));

		while (container.firstChild)
			container.removeChild(container.firstChild);
		nodes.forEach(function(n) { container.appendChild(n); });
	},

	render: function(data) {
		var container = E('div', { 'id': 'huaweiwwan-status' });

		this.update(container, data[0]);
		poll.add(L.bind(function() {
			return L.resolveDefault(callStatus(), {}).then(L.bind(this.update, this, container));
		}, this), 5);

		return E('div', {}, [
			E('h2', {}, [ _('Cellular modems') ]),
			E('div', { 'class': 'cbi-map-descr' }, [ _('Modems driven by protocol huaweiwwan, refreshed every 5 seconds.') ]),
			container
		]);
	},

	handleSave: null,
	handleSaveApply: null,
	handleReset: null
});
