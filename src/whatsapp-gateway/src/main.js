// Entry point: `npm start`. Answers /health at once; no WhatsApp connection is made until the
// CRM asks to link a staff member (or a device linked earlier is restored from the data directory).

import makeWASocket, { Browsers, isJidBroadcast, isJidGroup, isJidNewsletter, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import pino from 'pino';
import { loadConfig } from './config.js';
import { createControlServer } from './control-api.js';
import { SessionManager } from './sessions.js';
import { WebhookDelivery } from './webhooks.js';

let config;
try {
	config = loadConfig();
}
catch (error) {
	console.error(error.message);
	process.exit(2);
}

const log = pino({ level: config.logLevel, redact: ['qr', 'phone', 'name', 'contacts'] });
const baileysLog = log.child({ module: 'baileys' }, { level: 'warn' });

const delivery = new WebhookDelivery({ url: config.webhookUrl, secret: config.webhookSecret, log });
const sessions = new SessionManager({
	dataDir: config.dataDir,
	key: config.key,
	delivery,
	log,
	createSocket: (state) => makeWASocket({
		auth: { creds: state.creds, keys: makeCacheableSignalKeyStore(state.keys, baileysLog) },
		logger: baileysLog,
		// A desktop browser gets the full history sync, which carries the address book.
		browser: Browsers.macOS('Desktop'),
		syncFullHistory: true,
		markOnlineOnConnect: false,
		shouldIgnoreJid: (jid) => isJidGroup(jid) || isJidBroadcast(jid) || isJidNewsletter(jid),
	}),
});

const server = createControlServer({ token: config.token, sessions, log });
server.listen(config.port, config.host, () => {
	const address = server.address();
	log.info({ host: address.address, port: address.port }, 'WhatsApp gateway listening');
	sessions.restore().catch((error) => log.error({ err: error.message }, 'could not restore sessions'));
});

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		if (closing) {
			return;
		}
		closing = true;
		server.close();
		await sessions.close();
		await Promise.race([delivery.idle(), new Promise((resolve) => setTimeout(resolve, 5000))]);
		process.exit(0);
	});
}
