// Webhooks to the CRM in the Standard Webhooks scheme (https://www.standardwebhooks.com):
// headers webhook-id, webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", body {"type", "timestamp", "data"}. One queue per staff member keeps
// their events in order; a failed delivery is retried with backoff before the next one goes.

import { createHmac, randomUUID } from 'node:crypto';

/** A "whsec_" secret carries base64 key bytes (as the spec says); any other secret is used as UTF-8. */
export function signingKey(secret) {
	return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

export function sign(secret, id, timestamp, body) {
	const mac = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
	return `v1,${mac}`;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export class WebhookDelivery {
	constructor({ url, secret, log, fetch: fetchImpl = globalThis.fetch, initialDelayMs = 1000, maxDelayMs = 300_000,
		maxAttempts = 12, timeoutMs = 30_000, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }) {
		Object.assign(this, { url, secret, log, fetchImpl, initialDelayMs, maxDelayMs, maxAttempts, timeoutMs, sleep });
		this.queues = new Map();
	}

	/** Queues one event behind the staff member's earlier ones; resolves to true once delivered. */
	send(staffId, type, data) {
		const message = {
			id: `msg_${randomUUID()}`,
			body: JSON.stringify({ type, timestamp: new Date().toISOString(), data }),
			staffId,
			type,
		};
		const previous = this.queues.get(staffId) || Promise.resolve();
		const next = previous.then(() => this.deliver(message));
		this.queues.set(staffId, next);
		next.finally(() => {
			if (this.queues.get(staffId) === next) {
				this.queues.delete(staffId);
			}
		});
		return next;
	}

	/** Resolves when every queued event has been delivered or given up. */
	async idle() {
		while (this.queues.size > 0) {
			await Promise.all([...this.queues.values()]);
		}
	}

	async deliver(message) {
		for (let attempt = 1; ; attempt++) {
			const outcome = await this.attempt(message);
			if (outcome.delivered) {
				return true;
			}
			if (!outcome.retry || attempt >= this.maxAttempts) {
				this.log.warn({ webhookId: message.id, type: message.type, staffId: message.staffId, attempt, status: outcome.status },
					'webhook given up');
				return false;
			}
			const backoff = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (attempt - 1));
			const wait = Math.max(backoff, outcome.retryAfterMs || 0);
			this.log.info({ webhookId: message.id, type: message.type, staffId: message.staffId, attempt, status: outcome.status, wait },
				'webhook will be retried');
			await this.sleep(wait);
		}
	}

	async attempt(message) {
		const timestamp = Math.floor(Date.now() / 1000).toString();
		try {
			const response = await this.fetchImpl(this.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'user-agent': 'whiskeysocket-whatsapp-gateway',
					'webhook-id': message.id,
					'webhook-timestamp': timestamp,
					'webhook-signature': sign(this.secret, message.id, timestamp, message.body),
				},
				body: message.body,
				signal: AbortSignal.timeout(this.timeoutMs),
			});
			await response.arrayBuffer().catch(() => undefined);
			if (response.ok) {
				return { delivered: true };
			}
			return { status: response.status, retry: RETRYABLE.has(response.status), retryAfterMs: retryAfter(response.headers.get('retry-after')) };
		}
		catch (error) {
			return { status: error.name || 'network error', retry: true };
		}
	}
}

function retryAfter(header) {
	const seconds = Number.parseInt(header ?? '', 10);
	return Number.isInteger(seconds) && seconds >= 0 ? Math.min(seconds, 3600) * 1000 : 0;
}
