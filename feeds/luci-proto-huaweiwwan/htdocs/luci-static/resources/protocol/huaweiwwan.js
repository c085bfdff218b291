'use strict';
'require form';
'require network';
'require rpc';
'require huaweiwwan.schema as hwschema';

// Every field comes from the handler's own option schema (huaweiwwan/schema.js, generated from
// `huaweiwwan schema --json`), so the form writes exactly the options netifd's dump declares and
// `huaweiwwan config check` validates. This file only adds widgets, dependencies and the modem list.

var callModems = rpc.declare({
	object: 'huaweiwwan',
	method: 'modems',
	expect: { modems: [] }
});

var options = hwschema.schema.options;

// Same rules as ValueRules.cs: values end up inside AT commands, so quotes, ';' and control
// characters are refused before they reach the router.
var rules = {
	apn: function(v) {
		if (v.length < 1 || v.length > 100) return _('an APN is 1 to 100 characters long');
		return /^[A-Za-z0-9._@-]+$/.test(v) ? true : _('an APN may contain only letters, digits, \'.\', \'-\', \'_\' and \'@\'');
	},
	v6apn: function(v) { return rules.apn(v); },
	username: function(v) {
		if (v.length > 127) return _('at most 127 characters');
		return /^[\x20-\x7e]*$/.test(v) && !/[";]/.test(v) ? true : _('only printable ASCII characters, no \'"\' or \';\'');
	},
	password: function(v) { return rules.username(v); },
	pincode: function(v) { return /^[0-9]{4,8}$/.test(v) ? true : _('a PIN is 4 to 8 digits'); },
	dialnumber: function(v) { return /^[0-9*#+]{1,32}$/.test(v) ? true : _('a dial string is 1 to 32 of 0-9 * # +'); },
	plmn: function(v) { return /^(0|[0-9]{5,6})$/.test(v) ? true : _('a PLMN is 5 or 6 digits (MCC and MNC), or 0 for automatic'); },
	keepalive: function(v) {
		return /^(0|[0-9]{1,3} [0-9]{1,4})$/.test(v) ? true : _('"<failures> <interval>" as two numbers, e.g. "5 10", or 0 to disable');
	},
	device: function(v) {
		if (v.length < 1 || v.length > 255) return _('1 to 255 characters');
		return /^[A-Za-z0-9/._:@-]+$/.test(v) ? true : _('a USB path, vid:pid, imei:<15 digits>, a /dev path or auto');
	}
};

// netifd error codes the handler reports (ErrorCodes.cs), with the same texts.
network.registerPatternVirtual(/^huaweiwwan-.+$/);
network.registerErrorCode('NO_DEVICE', _('No modem matching the configured device was found'));
network.registerErrorCode('AMBIGUOUS_DEVICE', _('Several modems match the configured device; set device to one of them'));
network.registerErrorCode('NO_IFACE', _('The modem\'s network interface was not found'));
network.registerErrorCode('NO_CONTROL_PORT', _('No port of the modem answered AT commands'));
network.registerErrorCode('UNSUPPORTED_MODEM', _('The modem offers no data link this handler can use'));
network.registerErrorCode('MODESWITCH_FAILED', _('The modem could not be switched out of storage (CD-ROM) mode'));
network.registerErrorCode('PORT_BUSY', _('The modem port is in use by another program'));
network.registerErrorCode('INITIALIZE_FAILED', _('The modem did not accept the initialisation commands'));
network.registerErrorCode('GETINFO_FAILED', _('The modem did not identify itself'));
network.registerErrorCode('SIM_NOT_INSERTED', _('No SIM card inserted'));
network.registerErrorCode('SIM_NOT_INITIALIZED', _('The SIM card did not become ready in time'));
network.registerErrorCode('SIM_FAILURE', _('The SIM card failed or is not usable'));
network.registerErrorCode('PIN_NOT_SPECIFIED', _('The SIM needs a PIN and none is configured'));
network.registerErrorCode('PIN_FAILED', _('The SIM rejected the configured PIN'));
network.registerErrorCode('PIN_REJECTED_BEFORE', _('The configured PIN was rejected before; change the PIN to try again'));
network.registerErrorCode('PIN_TRIES_BELOW_LIMIT', _('Too few PIN attempts remain; the PIN was not sent to protect the SIM'));
network.registerErrorCode('PIN_TRIES_UNKNOWN', _('The modem does not report the PIN attempts left and the PIN could not be limited to one try; it was not sent'));
network.registerErrorCode('PUK_NEEDED', _('The SIM is locked and needs its PUK'));
network.registerErrorCode('SETMODE_FAILED', _('The modem did not accept the network mode'));
network.registerErrorCode('PLMN_FAILED', _('Registering on the configured operator (PLMN) failed'));
network.registerErrorCode('NETWORK_REGISTRATION_FAILED', _('The modem did not register on a network in time'));
network.registerErrorCode('REGISTRATION_DENIED', _('The network denied registration'));
network.registerErrorCode('ROAMING_NOT_ALLOWED', _('The modem registered on a roaming network and roaming is not allowed'));
network.registerErrorCode('CONFIGURE_FAILED', _('The modem did not accept the PDP context (APN) settings'));
network.registerErrorCode('CONNECT_FAILED', _('The modem refused to start the data call'));
network.registerErrorCode('CALL_FAILED', _('The network rejected or dropped the data call'));
network.registerErrorCode('NO_IPADDR', _('The data call came up without an IP address'));
network.registerErrorCode('PPP_FAILED', _('pppd failed'));
network.registerErrorCode('PPP_MODEM_HANGUP', _('The modem hung up the PPP link (pppd exit 16)'));
network.registerErrorCode('PPP_AUTH_FAILED', _('PPP authentication failed; check username and password'));
network.registerErrorCode('PPP_CONNECT_SCRIPT_FAILED', _('Dialling failed (pppd connect script)'));
network.registerErrorCode('DISCONNECT_FAILED', _('The modem did not hang up the data call'));
network.registerErrorCode('MODEM_GONE', _('The modem disappeared (reset or unplugged) and did not come back in time'));
network.registerErrorCode('CONFIG_INVALID', _('The interface configuration is invalid'));
network.registerErrorCode('STATE_DIR_UNWRITABLE', _('The state directory (/var/run/huaweiwwan) cannot be written: the filesystem is full or read-only'));
network.registerErrorCode('UNKNOWN_OPTION', _('The interface has an option proto huaweiwwan does not know'));
options.forEach(function(spec) {
	network.registerErrorCode('INVALID_' + spec.name.toUpperCase(),
		_('Invalid value for "%s" (option %s)').format(spec.label, spec.name));
});

// Readable names for the schema's choice values (the values themselves come from the schema).
var choiceLabels = {
	auth: { none: _('None'), pap: 'PAP', chap: 'CHAP', both: 'PAP/CHAP' },
	mode: { auto: _('Automatic'), lte: _('LTE only'), umts: _('UMTS (3G) only'), gsm: _('GSM (2G) only'),
	        preferlte: _('Prefer LTE'), preferumts: _('Prefer UMTS') },
	pdptype: { IP: _('IPv4'), IPV6: _('IPv6'), IPV4V6: _('IPv4/IPv6') },
	linktype: { auto: _('Automatic'), ncm: 'NCM', ppp: 'PPP', qmi: 'QMI', hilink: 'HiLink' },
	usbmode: { stick: _('Stick (serial/NCM)'), hilink: 'HiLink', none: _('Never switch') }
};

// One line per modem `huaweiwwan probe --json` found: model, IMEI, kind and where it sits on the USB
// bus. The value is the IMEI form of `device` when the modem told us its IMEI (it follows the stick
// to another port), its USB path otherwise.
function modemChoice(m) {
	var usb = m.usb,
	    imei = m.imei,
	    model = [ m.vendor || m.manufacturer, m.model || m.product ].filter(function(x) { return x; }).join(' '),
	    kind = m.kind,
	    value = imei ? 'imei:' + imei : usb;

	if (!value)
		return null;

	var label = [ model || _('Unknown modem') ];
	if (imei) label.push('IMEI ' + imei);
	if (kind) label.push(String(kind).toUpperCase());
	if (usb) label.push('USB ' + usb + (m.id ? ' (' + m.id + ')' : ''));
	return [ value, label.join(' · ') ];
}

function addOption(s, spec) {
	var tab = (spec.tab == 'advanced') ? 'advanced' : 'general',
	    name = (spec.name == 'device') ? '_modem_device' : spec.name,
	    o;

	if (spec.type == 'bool') {
		o = s.taboption(tab, form.Flag, name, _(spec.label), _(spec.description));
		o.default = (spec['default'] != null) ? spec['default'] : o.disabled;
	}
	else if (spec.choices) {
		o = s.taboption(tab, form.ListValue, name, _(spec.label), _(spec.description));
		if (spec['default'] == null)
			o.value('', _('Keep the modem\'s setting'));
		spec.choices.forEach(function(c) { o.value(c, (choiceLabels[spec.name] || {})[c]); });
		if (spec['default'] != null)
			o.default = spec['default'];
	}
	else {
		o = s.taboption(tab, form.Value, name, _(spec.label), _(spec.description));
		if (spec['default'] != null)
			o.placeholder = spec['default'];
		if (spec.type == 'int') {
			if (spec.min != null && spec.max != null)
				o.datatype = 'range(%d,%d)'.format(spec.min, spec.max);
			else if (spec.min != null)
				o.datatype = 'min(%d)'.format(spec.min);
			else
				o.datatype = 'integer';
		}
		else if (rules[spec.name]) {
			o.validate = function(section_id, value) {
				return (value == null || value === '') ? true : rules[spec.name](String(value));
			};
		}
		if (spec.secret)
			o.password = true;
	}

	if (name != spec.name)
		o.ucioption = spec.name;
	return o;
}

return network.registerProtocol('huaweiwwan', {
	getI18n: function() {
		return _('Cellular modem (huaweiwwan)');
	},

	getIfname: function() {
		return this._ubus('l3_device') || 'huaweiwwan-%s'.format(this.sid);
	},

	getPackageName: function() {
		return 'huaweiwwan';
	},

	getOpkgPackage: function() {
		return 'huaweiwwan';
	},

	isFloating: function() {
		return true;
	},

	isVirtual: function() {
		return true;
	},

	getDevices: function() {
		return null;
	},

	containsDevice: function(ifname) {
		return (network.getIfnameOf(ifname) == this.getIfname());
	},

	renderFormOptions: function(s) {
		var byName = {};

		options.forEach(function(spec) { byName[spec.name] = addOption(s, spec); });

		// The modem list comes from our rpcd plugin (ubus huaweiwwan modems), not from /dev.
		var dev = byName.device;
		dev.rmempty = false;
		dev.value('auto', _('Automatic (the only modem present)'));
		dev.load = function(section_id) {
			return L.resolveDefault(callModems(), []).then(L.bind(function(modems) {
				for (var i = 0; i < modems.length; i++) {
					var choice = modemChoice(modems[i]);
					if (choice)
						this.value(choice[0], choice[1]);
				}
				return form.Value.prototype.load.apply(this, [ section_id ]);
			}, this));
		};

		[ 'username', 'password' ].forEach(function(n) {
			byName[n].depends('auth', 'pap');
			byName[n].depends('auth', 'chap');
			byName[n].depends('auth', 'both');
		});
		byName.v6apn.depends('pdptype', 'IPV4V6');
		byName.dialnumber.depends('linktype', 'auto');
		byName.dialnumber.depends('linktype', 'ppp');
		byName.keepalive.depends('linktype', 'auto');
		byName.keepalive.depends('linktype', 'ppp');
	}
});
