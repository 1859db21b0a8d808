// Each address book's part of the sync panel (Outlook, Google): Sync with progress and counts, and
// Disconnect. A panel is the element #sync-<name>; its controls are #<name>-…, its API /api/<name>/.
(function () {
	'use strict';

	var POLL_MS = 700;

	function byId(id) {
		return document.getElementById(id);
	}

	function format(template, values) {
		return (template || '').replace(/\{(\d+)\}/g, function (match, index) {
			return values[Number(index)];
		});
	}

	function showError(name, text) {
		var element = byId(name + '-error');
		if (element) {
			element.textContent = text || '';
			element.hidden = !text;
		}
	}

	function setText(id, text) {
		var element = byId(id);
		if (element) {
			element.textContent = text || '';
		}
	}

	/** Reloads the contact table in place, keeping the search, filter, order and page. */
	function refreshTable() {
		return fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
			.then(function (response) { return response.text(); })
			.then(function (html) {
				var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('contacts-results');
				var current = byId('contacts-results');
				if (fresh && current) {
					current.replaceWith(fresh);
					if (window.htmx) {
						window.htmx.process(fresh);
					}
				}
			});
	}

	function startSync(name, panel, button) {
		var progress = byId(name + '-progress');
		var timer = null;
		button.disabled = true;
		showError(name, '');
		setText(name + '-sync-details', '');
		setText(name + '-sync-status', panel.dataset.msgRunning);
		progress.removeAttribute('value');
		progress.hidden = false;

		timer = window.setInterval(function () {
			window.crm.api('GET', '/api/' + name + '/sync-status').then(function (result) {
				var p = result.body && result.body.progress;
				if (p) {
					setText(name + '-sync-status',
						format(panel.dataset.msgProgress, [p.processed, Math.min(p.foldersDone + 1, p.folders), p.folders]));
					if (p.folders > 0) {
						progress.max = p.folders;
						progress.value = p.foldersDone;
					}
				}
			});
		}, POLL_MS);

		window.crm.api('POST', '/api/' + name + '/sync-contacts').then(function (result) {
			window.clearInterval(timer);
			if (result.status === 200) {
				var c = result.body;
				setText(name + '-sync-status', format(panel.dataset.msgDone, [c.added, c.updated, c.merged, c.skippedNoPhone]));
				setText(name + '-sync-details', format(panel.dataset.msgDoneDetails,
					[c.unchanged, c.skippedInvalidPhone, c.duplicates, c.total, c.folders, (c.durationMs / 1000).toFixed(1)]));
				return refreshTable();
			}
			setText(name + '-sync-status', '');
			showError(name, (result.body && result.body.message) || panel.dataset.msgFailed);
			return null;
		}).catch(function () {
			window.clearInterval(timer);
			setText(name + '-sync-status', '');
			showError(name, panel.dataset.msgFailed);
		}).then(function () {
			progress.hidden = true;
			button.disabled = false;
		});
	}

	function wire(name) {
		var panel = byId('sync-' + name);
		var sync = byId(name + '-sync');
		if (panel && sync) {
			sync.addEventListener('click', function () {
				startSync(name, panel, sync);
			});
		}
		var disconnect = byId(name + '-disconnect');
		if (disconnect) {
			disconnect.addEventListener('click', function () {
				disconnect.disabled = true;
				window.crm.api('POST', '/api/' + name + '/disconnect').then(function (result) {
					if (result.status === 200) {
						window.location.reload();
						return;
					}
					disconnect.disabled = false;
					showError(name, (result.body && result.body.message) || disconnect.getAttribute('data-error'));
				}).catch(function () {
					disconnect.disabled = false;
					showError(name, disconnect.getAttribute('data-error'));
				});
			});
		}
	}

	document.addEventListener('DOMContentLoaded', function () {
		wire('outlook');
		wire('google');
	});
})();
