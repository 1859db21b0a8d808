// Each address book's part of the sync panel (Outlook, Google, WhatsApp): Sync as a background run
// whose progress is polled from any node, a run already going when the page opens, and Disconnect
// (WhatsApp: Unlink). WhatsApp also has Link, and while linking the QR image follows the gateway's.
// A panel is the element #sync-<name>; its controls are #<name>-…, its API /api/<name>/.
(function () {
	'use strict';

	var POLL_MS = 700;

	/** Polls that may fail in a row (a node restarting, a flaky network) before giving up. */
	var MAX_POLL_FAILURES = 10;

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

	/** Reloads the contact table and the schedule lines in place, keeping search, filter, order and page. */
	function refreshTable(name) {
		return fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
			.then(function (response) { return response.text(); })
			.then(function (html) {
				var page = new DOMParser().parseFromString(html, 'text/html');
				var fresh = page.getElementById('contacts-results');
				var current = byId('contacts-results');
				if (fresh && current) {
					current.replaceWith(fresh);
					if (window.htmx) {
						window.htmx.process(fresh);
					}
				}
				var schedule = page.getElementById(name + '-schedule');
				if (schedule) {
					setText(name + '-schedule', schedule.textContent);
				}
			});
	}

	function showRunning(name, panel, button) {
		var progress = byId(name + '-progress');
		button.disabled = true;
		showError(name, '');
		setText(name + '-sync-details', '');
		setText(name + '-sync-status', panel.dataset.msgRunning);
		progress.removeAttribute('value');
		progress.hidden = false;
	}

	function stopRunning(name, button) {
		byId(name + '-progress').hidden = true;
		button.disabled = false;
	}

	function showProgress(name, panel, run) {
		var progress = byId(name + '-progress');
		if (run.processed > 0 || run.folders > 0) {
			setText(name + '-sync-status', format(panel.dataset.msgProgress,
				[run.processed, Math.min(run.foldersDone + 1, run.folders), run.folders]));
		}
		if (run.folders > 0) {
			progress.max = run.folders;
			progress.value = run.foldersDone;
		}
	}

	function showDone(name, panel, c) {
		setText(name + '-sync-status', format(panel.dataset.msgDone, [c.added, c.updated, c.merged, c.skippedNoPhone]));
		setText(name + '-sync-details', format(panel.dataset.msgDoneDetails,
			[c.unchanged, c.skippedInvalidPhone, c.duplicates, c.total, c.folders, (c.durationMs / 1000).toFixed(1)]));
	}

	function failureText(panel, run) {
		var code = run.errorCode || '';
		if (run.status === 'interrupted') {
			return panel.dataset.msgInterrupted;
		}
		if (/_reauthorization_required$/.test(code)) {
			return panel.dataset.msgReconnect || panel.dataset.msgFailed;
		}
		if (/_timeout$/.test(code) && panel.dataset.msgTimeout) {
			return panel.dataset.msgTimeout;
		}
		if (/^(graph|google|whatsapp)_/.test(code)) {
			return panel.dataset.msgUnavailable || panel.dataset.msgFailed;
		}
		return panel.dataset.msgFailed;
	}

	/** Follows a background run until it ends; any app node can answer. */
	function follow(name, panel, button, runId) {
		var failures = 0;
		showRunning(name, panel, button);
		function poll() {
			window.crm.api('GET', '/api/sync/runs/' + encodeURIComponent(runId)).then(function (result) {
				if (result.status !== 200) {
					throw new Error('run ' + result.status);
				}
				failures = 0;
				var run = result.body;
				if (run.status === 'running') {
					showProgress(name, panel, run);
					window.setTimeout(poll, POLL_MS);
					return null;
				}
				stopRunning(name, button);
				if (run.status === 'succeeded') {
					showDone(name, panel, Object.assign({}, run.counts, { durationMs: run.durationMs }));
					return refreshTable(name);
				}
				setText(name + '-sync-status', '');
				showError(name, failureText(panel, run));
				return refreshTable(name);
			}).catch(function () {
				failures++;
				if (failures < MAX_POLL_FAILURES) {
					window.setTimeout(poll, POLL_MS * 2);
					return;
				}
				stopRunning(name, button);
				setText(name + '-sync-status', '');
				showError(name, panel.dataset.msgFailed);
			});
		}
		poll();
	}

	function startSync(name, panel, button) {
		showRunning(name, panel, button);
		// wait=0: the run goes on in the background and the page follows it, so no proxy
		// timeout can cut it
		window.crm.api('POST', '/api/' + name + '/sync-contacts?wait=0').then(function (result) {
			if (result.status === 202) {
				follow(name, panel, button, result.body.runId);
				return null;
			}
			stopRunning(name, button);
			if (result.status === 200) {
				showDone(name, panel, result.body);
				return refreshTable(name);
			}
			setText(name + '-sync-status', '');
			showError(name, (result.body && result.body.message) || panel.dataset.msgFailed);
			return null;
		}).catch(function () {
			stopRunning(name, button);
			setText(name + '-sync-status', '');
			showError(name, panel.dataset.msgFailed);
		});
	}

	function wire(name) {
		var panel = byId('sync-' + name);
		var sync = byId(name + '-sync');
		if (panel && sync) {
			sync.addEventListener('click', function () {
				startSync(name, panel, sync);
			});
			if (panel.dataset.runId) {
				follow(name, panel, sync, panel.dataset.runId);
			}
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

	var LINK_POLL_MS = 1500;

	/** WhatsApp's Link button, and while linking the QR drawn by the CRM, refreshed as new ones arrive. */
	function wireWhatsAppLink() {
		var panel = byId('sync-whatsapp');
		if (!panel) {
			return;
		}
		var link = byId('whatsapp-link');
		if (link) {
			link.addEventListener('click', function () {
				link.disabled = true;
				showError('whatsapp', '');
				window.crm.api('POST', '/api/whatsapp/link').then(function (result) {
					if (result.status === 202) {
						window.location.reload();
						return;
					}
					link.disabled = false;
					showError('whatsapp', (result.body && result.body.message) || panel.dataset.msgFailed);
				}).catch(function () {
					link.disabled = false;
					showError('whatsapp', panel.dataset.msgFailed);
				});
			});
		}
		var state = panel.dataset.linkState;
		if (state !== 'requested' && state !== 'qr') {
			return;
		}
		var image = byId('whatsapp-qr');
		var text = byId('whatsapp-state');
		var shown = null;
		var failures = 0;
		function poll() {
			window.crm.api('GET', '/api/whatsapp/link').then(function (result) {
				if (result.status !== 200) {
					throw new Error('link ' + result.status);
				}
				failures = 0;
				var body = result.body;
				if (body.state !== 'requested' && body.state !== 'qr') {
					window.location.reload();
					return;
				}
				if (body.qrVersion && body.qrVersion !== shown) {
					shown = body.qrVersion;
					image.src = '/whatsapp/qr.png?v=' + encodeURIComponent(body.qrVersion);
					image.hidden = false;
					text.textContent = text.dataset.msgScan;
				}
				else if (!body.qrVersion && shown !== null) {
					shown = null;
					image.hidden = true;
					text.textContent = text.dataset.msgWaiting;
				}
				window.setTimeout(poll, LINK_POLL_MS);
			}).catch(function () {
				failures++;
				if (failures < MAX_POLL_FAILURES) {
					window.setTimeout(poll, LINK_POLL_MS * 2);
				}
				else {
					showError('whatsapp', panel.dataset.msgFailed);
				}
			});
		}
		poll();
	}

	var SOURCES = [['whatsapp', 'WhatsApp'], ['google', 'Google'], ['outlook', 'Outlook']];

	/**
	 * On a phone (the CSS folds it only there) the panel becomes one line, "Synced 3 min ago ·
	 * WhatsApp, Google, Outlook", when something is connected and nothing runs, links or
	 * needs attention (a reconnect, a failed link, an error); a tap opens it.
	 */
	function foldWhenQuiet() {
		var panel = byId('sync-panel');
		var line = byId('sync-line');
		if (!panel || !line) {
			return;
		}
		var connected = SOURCES.filter(function (source) {
			return byId(source[0] + '-sync');
		}).map(function (source) {
			return source[1];
		});
		var busy = panel.querySelector('[data-run-id], .warning, .whatsapp-qr, .field-error:not([hidden])');
		if (connected.length === 0 || busy) {
			return;
		}
		byId('sync-line-text').textContent = format(line.dataset.msgLine, [line.dataset.synced, connected.join(', ')]);
		panel.classList.add('folded');
		line.addEventListener('click', function () {
			panel.classList.remove('folded');
			line.setAttribute('aria-expanded', 'true');
		});
	}

	// before the first paint where possible: the script is deferred, so the panel is parsed
	foldWhenQuiet();

	document.addEventListener('DOMContentLoaded', function () {
		wire('outlook');
		wire('google');
		wire('whatsapp');
		wireWhatsAppLink();
	});
})();
