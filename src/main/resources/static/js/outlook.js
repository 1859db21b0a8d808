// The Outlook part of the sync panel: disconnect (sync is added by the sync feature).
(function () {
	'use strict';

	function showError(text) {
		var element = document.getElementById('outlook-error');
		if (element) {
			element.textContent = text;
			element.hidden = !text;
		}
	}

	document.addEventListener('DOMContentLoaded', function () {
		var disconnect = document.getElementById('outlook-disconnect');
		if (!disconnect) {
			return;
		}
		disconnect.addEventListener('click', function () {
			disconnect.disabled = true;
			window.crm.api('POST', '/api/outlook/disconnect').then(function (result) {
				if (result.status === 200) {
					window.location.reload();
				}
				else {
					disconnect.disabled = false;
					showError(result.body.message || disconnect.getAttribute('data-error'));
				}
			}).catch(function () {
				disconnect.disabled = false;
				showError(disconnect.getAttribute('data-error'));
			});
		});
	});
})();
