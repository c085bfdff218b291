'use strict';
// Test stand-in for LuCI's poll.js: add(fn, interval) registers a poller. The test runs the pollers
// on demand (window.__poll()) instead of on a timer, so nothing depends on wall-clock time.

var pollers = [];
window.__poll = function() {
	return Promise.all(pollers.map(function(p) { return Promise.resolve(p.fn()); }));
};

return L.Class.extend({
	add: function(fn, interval) {
		pollers.push({ fn: fn, interval: interval || 5 });
		return true;
	},
	active: function() { return true; }
});
