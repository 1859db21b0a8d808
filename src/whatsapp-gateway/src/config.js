// Settings from the environment. The three secrets are required: without them the gateway
// cannot authenticate the CRM, sign its webhooks or keep linked devices encrypted at rest.

const REQUIRED = ['WA_GATEWAY_TOKEN', 'WA_GATEWAY_KEY', 'WA_WEBHOOK_SECRET'];

export function loadConfig(env = process.env) {
	const missing = REQUIRED.filter((name) => !env[name]);
	if (missing.length > 0) {
		throw new Error(`Missing settings: ${missing.join(', ')} (see docs/whatsapp-setup.md)`);
	}
	const key = Buffer.from(env.WA_GATEWAY_KEY, 'base64');
	if (key.length !== 32) {
		throw new Error('WA_GATEWAY_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
	}
	return {
		host: env.WA_GATEWAY_HOST || '127.0.0.1',
		port: parseInteger(env.WA_GATEWAY_PORT, 3001, 'WA_GATEWAY_PORT'),
		token: env.WA_GATEWAY_TOKEN,
		key,
		webhookSecret: env.WA_WEBHOOK_SECRET,
		webhookUrl: env.WA_CRM_WEBHOOK_URL || 'http://127.0.0.1:3000/api/whatsapp/events',
		dataDir: env.WA_GATEWAY_DATA_DIR || 'data',
		logLevel: env.WA_GATEWAY_LOG_LEVEL || 'info',
	};
}

function parseInteger(value, fallback, name) {
	if (value === undefined || value === '') {
		return fallback;
	}
	const parsed = Number.parseInt(value, 10);
	if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535 || String(parsed) !== value.trim()) {
		throw new Error(`${name} must be a port number`);
	}
	return parsed;
}
