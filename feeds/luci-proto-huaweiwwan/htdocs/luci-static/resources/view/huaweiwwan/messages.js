'use strict';
'require view';
'require rpc';
'require uci';

// Status -> Cellular messages: the text messages of every proto huaweiwwan interface whose session runs,
// straight from the session's ubus object huaweiwwan.<iface> (sms_list, sms_read, sms_delete, sms_send, ussd).
// Reading needs the ACL group luci-proto-huaweiwwan-sms-read, sending and deleting -sms-send: without the
// second the buttons show rpcd's refusal. Errors are the session's words (the modem's answer), shown in place.

function call(iface, method, params) {
	var names = Object.keys(params || {});
	var fn = rpc.declare({ object: 'huaweiwwan.' + iface, method: method, params: names });
	return fn.apply(null, names.map(function(n) { return params[n]; }));
}

function errorText(e) {
	return (e && e.message) ? e.message : String(e);
}

function messageRow(view, iface, m) {
	var text = E('div', { 'class': 'huaweiwwan-text', 'style': 'white-space:pre-wrap' }, [ m.text ]);
	return E('tr', { 'class': 'tr', 'data-id': m.id, 'data-status': m.status }, [
		E('td', { 'class': 'td' }, [ m.id ]),
		E('td', { 'class': 'td' }, [ m.kind == 'submit' ? _('to %s').format(m.address) : m.address ]),
		E('td', { 'class': 'td' }, [ (m.time || '').replace('T', ' ') ]),
		E('td', { 'class': 'td', 'style': m.status == 'unread' ? 'font-weight:bold' : '' }, [ text,
			m.complete === false ? E('em', {}, [ ' ' + _('(%d parts, some missing)').format(m.parts) ]) : '' ]),
		E('td', { 'class': 'td' }, [
			E('button', { 'class': 'btn cbi-button huaweiwwan-read', 'click': function() {
				return call(iface, 'sms_read', { id: m.id }).then(function(r) {
					L.dom.content(text, [ r.text ]);
					this.closest('tr').setAttribute('data-status', r.status);
					this.closest('tr').children[3].style.fontWeight = '';
				}.bind(this)).catch(function(e) { view.showError(iface, e); });
			} }, [ _('Read') ]),
			' ',
			E('button', { 'class': 'btn cbi-button cbi-button-remove huaweiwwan-delete', 'click': function() {
				return call(iface, 'sms_delete', { id: m.id }).then(function() { return view.refresh(iface); })
					.catch(function(e) { view.showError(iface, e); });
			} }, [ _('Delete') ])
		])
	]);
}

return view.extend({
	load: function() {
		return uci.load('network').then(function() {
			var ifaces = uci.sections('network', 'interface').filter(function(s) { return s.proto == 'huaweiwwan'; })
				.map(function(s) { return s['.name']; });
			return Promise.all(ifaces.map(function(iface) {
				return call(iface, 'sms_list', {}).then(function(r) { return { iface: iface, list: r }; },
					function(e) { return { iface: iface, error: errorText(e) }; });
			}));
		});
	},

	showError: function(iface, e) {
		var box = document.querySelector('[data-interface="' + iface + '"] .huaweiwwan-error');
		if (box) L.dom.content(box, [ errorText(e) ]);
	},

	refresh: function(iface) {
		var self = this;
		return call(iface, 'sms_list', {}).then(function(r) {
			var body = document.querySelector('[data-interface="' + iface + '"] .huaweiwwan-messages');
			L.dom.content(body, self.renderList(iface, r));
		}).catch(function(e) { self.showError(iface, e); });
	},

	renderList: function(iface, list) {
		var self = this, messages = (list && list.messages) || [], rows = messages.map(function(m) { return messageRow(self, iface, m); });
		var storage = ((list && list.storage) || []).map(function(s) {
			return E('div', { 'class': 'huaweiwwan-storage' + (s.full ? ' full' : '') }, [
				_('%s: %d of %d used').format(s.name == 'SM' ? _('SIM') : _('Modem'), s.used, s.total),
				s.full ? ' — ' + _('full: new messages are refused until some are deleted') : '' ]);
		});
		return [
			rows.length ? E('table', { 'class': 'table' }, rows) : E('p', { 'class': 'huaweiwwan-empty' }, [ _('No messages') ]),
			E('div', {}, storage)
		];
	},

	renderInterface: function(entry) {
		var self = this, iface = entry.iface;
		var to = E('input', { 'type': 'text', 'class': 'huaweiwwan-to', 'placeholder': '+4917612345678' });
		var body = E('textarea', { 'class': 'huaweiwwan-body', 'rows': 3, 'style': 'width:380px' });
		var sent = E('div', { 'class': 'huaweiwwan-sent' });
		var code = E('input', { 'type': 'text', 'class': 'huaweiwwan-ussd-code', 'placeholder': '*100#' });
		var answer = E('div', { 'class': 'huaweiwwan-ussd-answer', 'style': 'white-space:pre-wrap' });
		var waiting = false;
		var cancel = E('button', { 'class': 'btn cbi-button huaweiwwan-ussd-cancel', 'style': 'display:none', 'click': function() {
			return call(iface, 'ussd', { cancel: true }).then(function() {
				waiting = false;
				cancel.style.display = 'none';
				L.dom.content(answer, [ _('Dialogue ended') ]);
			}).catch(function(e) { self.showError(iface, e); });
		} }, [ _('Cancel') ]);

		return E('div', { 'class': 'cbi-section', 'data-interface': iface }, [
			E('h3', {}, [ _('Interface %s').format(iface) ]),
			E('div', { 'class': 'alert-message error huaweiwwan-error' }, [ entry.error || '' ]),
			E('div', { 'class': 'huaweiwwan-messages' }, entry.error ? [] : self.renderList(iface, entry.list)),
			E('h4', {}, [ _('Send a message') ]),
			E('div', {}, [ to ]), E('div', {}, [ body ]),
			E('button', { 'class': 'btn cbi-button cbi-button-apply huaweiwwan-send', 'click': function() {
				return call(iface, 'sms_send', { to: to.value, text: body.value }).then(function(r) {
					L.dom.content(sent, [ _('Sent to %s in %d part(s)').format(r.to, r.parts) ]);
					body.value = '';
				}).catch(function(e) { self.showError(iface, e); });
			} }, [ _('Send') ]),
			sent,
			E('h4', {}, [ _('USSD') ]),
			E('div', {}, [ code, ' ',
				E('button', { 'class': 'btn cbi-button huaweiwwan-ussd-send', 'click': function() {
					var params = waiting ? { answer: code.value } : { code: code.value };
					return call(iface, 'ussd', params).then(function(r) {
						waiting = !!r.expects_answer;
						cancel.style.display = waiting ? '' : 'none';
						code.value = '';
						code.placeholder = waiting ? _('your answer') : '*100#';
						L.dom.content(answer, [ r.text || r.status ]);
					}).catch(function(e) { self.showError(iface, e); });
				} }, [ _('Send') ]), ' ', cancel ]),
			answer
		]);
	},

	render: function(entries) {
		var self = this;
		return E('div', {}, [
			E('h2', {}, [ _('Cellular messages') ]),
			entries.length ? E('div', {}, entries.map(function(e) { return self.renderInterface(e); }))
				: E('p', {}, [ _('No interface uses the huaweiwwan protocol.') ])
		]);
	},

	handleSave: null,
	handleSaveApply: null,
	handleReset: null
});
