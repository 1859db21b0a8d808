// Shared helpers for the pages' JavaScript. No inline scripts: the Content-Security-Policy forbids them.
(function () {
	'use strict';

	function meta(name) {
		var element = document.querySelector('meta[name="' + name + '"]');
		return element ? element.getAttribute('content') : null;
	}

	/** Calls the JSON API with the session cookie and the page's CSRF token; resolves to {status, body}. */
	function api(method, url) {
		var headers = { 'Accept': 'application/json' };
		var header = meta('_csrf_header');
		var token = meta('_csrf');
		if (header && token) {
			headers[header] = token;
		}
		return fetch(url, { method: method, headers: headers, credentials: 'same-origin' })
			.then(function (response) {
				return response.json().catch(function () { return {}; }).then(function (body) {
					return { status: response.status, body: body };
				});
			});
	}

	window.crm = { api: api };
})();
