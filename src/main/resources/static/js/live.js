// Pages that follow changes without a reload (the Contacts list, a contact's page, the sync
// history). Every few seconds the page asks /live/… whether anything moved since the position it
// was rendered at: one cheap read on the server, 204 when nothing did. When something did, it
// fetches its own URL again and swaps in the parts marked data-live-part, keeping what the person
// is doing: nothing is swapped while they are in one of those parts (a select open, a box being
// ticked), nor while the search box holds typing not searched yet; ticked rows stay ticked.
(function () {
	'use strict';

	var page = document.querySelector('main[data-live]');
	if (!page || !window.fetch || !window.DOMParser) {
		return;
	}
	var POLL_MS = 3000;
	var url = page.getAttribute('data-live');
	var since = page.getAttribute('data-live-since');
	var contact = page.getAttribute('data-live-contact');
	var stale = false;
	var busy = false;
	var stopped = false;

	function query() {
		return url + '?since=' + encodeURIComponent(since) + (contact ? '&contact=' + encodeURIComponent(contact) : '');
	}

	function poll() {
		if (stopped || busy || document.hidden) {
			return;
		}
		busy = true;
		fetch(query(), { credentials: 'same-origin', headers: { 'Accept': 'application/json' }, cache: 'no-store' })
			.then(function (response) {
				if (response.status === 401 || response.status === 400) {
					// signed out, or a position this server does not know: the next click shows why
					stopped = true;
					return null;
				}
				return response.status === 200 ? response.json() : null;
			})
			.then(function (answer) {
				if (answer) {
					since = answer.since;
					stale = stale || answer.changed;
				}
				return refresh();
			})
			.catch(function () {
				// a network blip or a restart: the next tick asks again
			})
			.then(function () {
				busy = false;
			});
	}

	/** Whether swapping the parts now would disturb the person. */
	function inTheWay() {
		var active = document.activeElement;
		var search = document.getElementById('q');
		if (search && active === search && search.value !== search.defaultValue) {
			return true;
		}
		if (document.querySelector('.htmx-request')) {
			return true;
		}
		// a box or a link keeps its state across the swap; a list or text being chosen would not
		var choosing = active && (active.tagName === 'SELECT' || active.tagName === 'TEXTAREA'
			|| (active.tagName === 'INPUT' && active.type !== 'checkbox' && active.type !== 'radio'));
		var parts = page.querySelectorAll('[data-live-part]');
		for (var i = 0; i < parts.length; i++) {
			if (choosing && parts[i].contains(active)) {
				return true;
			}
		}
		return false;
	}

	function refresh() {
		if (!stale || inTheWay()) {
			return null;
		}
		return fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
			.then(function (response) {
				if (contact && (response.status === 404 || response.redirected)) {
					// deleted, or merged into another contact
					stale = false;
					stopped = true;
					var gone = document.getElementById('contact-gone');
					if (gone) {
						gone.hidden = false;
					}
					return null;
				}
				return response.ok ? response.text() : null;
			})
			.then(function (html) {
				if (html === null || html === undefined || inTheWay()) {
					return;
				}
				swap(new DOMParser().parseFromString(html, 'text/html'));
				stale = false;
			});
	}

	function swap(fresh) {
		var ticked = {};
		document.querySelectorAll('.row-select:checked').forEach(function (box) {
			ticked[box.value] = true;
		});
		var active = document.activeElement;
		var focused = active && active.classList.contains('row-select') ? active.value : null;
		var selectAll = document.getElementById('select-all');
		var allTicked = selectAll && selectAll.checked;
		var choices = {};
		['bulk-status', 'bulk-owner'].forEach(function (id) {
			var select = document.getElementById(id);
			if (select) {
				choices[id] = select.value;
			}
		});
		page.querySelectorAll('[data-live-part]').forEach(function (part) {
			var replacement = part.id && fresh.getElementById(part.id);
			if (replacement) {
				part.replaceWith(document.importNode(replacement, true));
			}
		});
		document.querySelectorAll('.row-select').forEach(function (box) {
			box.checked = !!ticked[box.value];
			if (box.value === focused) {
				box.focus();
			}
		});
		var freshAll = document.getElementById('select-all');
		if (freshAll && allTicked) {
			freshAll.checked = true;
		}
		Object.keys(choices).forEach(function (id) {
			var select = document.getElementById(id);
			if (select) {
				select.value = choices[id];
			}
		});
		if (window.htmx) {
			page.querySelectorAll('[data-live-part]').forEach(function (part) {
				window.htmx.process(part);
			});
		}
		if (window.crm && window.crm.updateSelection) {
			window.crm.updateSelection();
		}
		page.setAttribute('data-live-refreshed', String(Date.now()));
	}

	setInterval(poll, POLL_MS);
	document.addEventListener('visibilitychange', poll);
	// what waited for the person to finish goes in when they leave the part or the search box
	document.addEventListener('focusout', function () {
		setTimeout(function () {
			if (!busy) {
				refresh();
			}
		}, 0);
	});
})();
