// Shared helpers for the pages' JavaScript. No inline scripts: the Content-Security-Policy forbids them.
(function () {
	'use strict';

	document.documentElement.classList.add('js');

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

	// htmx requests carry the CSRF token like the JSON API does
	document.addEventListener('htmx:configRequest', function (event) {
		var header = meta('_csrf_header');
		var token = meta('_csrf');
		if (header && token) {
			event.detail.headers[header] = token;
		}
	});

	/** The list's bulk selection: this page's boxes, then "all matching". */
	function updateSelection() {
		var boxes = document.querySelectorAll('.row-select');
		var page = document.getElementById('select-page');
		var all = document.getElementById('select-all');
		var allLabel = document.getElementById('select-all-label');
		var count = document.getElementById('selected-count');
		if (!page || !count) {
			return;
		}
		var ticked = 0;
		boxes.forEach(function (box) {
			if (box.checked) {
				ticked++;
			}
		});
		page.checked = boxes.length > 0 && ticked === boxes.length;
		page.indeterminate = ticked > 0 && ticked < boxes.length;
		if (allLabel) {
			allLabel.classList.toggle('available', page.checked);
			if (!page.checked) {
				all.checked = false;
			}
		}
		if (all && all.checked) {
			count.textContent = count.getAttribute('data-msg-all');
		}
		else {
			count.textContent = ticked > 0 ? (count.getAttribute('data-msg') || '').replace('{0}', ticked) : '';
		}
	}

	document.addEventListener('change', function (event) {
		var target = event.target;
		if (target.id === 'select-page') {
			document.querySelectorAll('.row-select').forEach(function (box) {
				box.checked = target.checked;
			});
		}
		if (target.id === 'select-page' || target.id === 'select-all' || target.classList.contains('row-select')) {
			updateSelection();
		}
	});

	window.crm = { api: api, updateSelection: updateSelection };
	// the import's result page follows its run until it ends
	var importResult = document.getElementById('import-result');
	if (importResult && importResult.getAttribute('data-running') === 'true') {
		setTimeout(function () {
			window.location.reload();
		}, 2000);
	}

	// a file over the import's limit is refused before it is sent
	var importForm = document.getElementById('import-form');
	if (importForm) {
		importForm.addEventListener('submit', function (event) {
			var input = document.getElementById('file');
			var max = Number(importForm.getAttribute('data-max-bytes'));
			if (input && input.files.length > 0 && max > 0 && input.files[0].size > max) {
				event.preventDefault();
				input.classList.add('is-invalid');
				document.getElementById('file-error').textContent = importForm.getAttribute('data-too-large');
			}
		});
	}
})();
