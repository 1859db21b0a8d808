// Test helpers: a CRM stand-in that receives webhooks, recorded fixtures, a quiet log.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export const SECRET = 'whsec_ZmFrZS13ZWJob29rLXNlY3JldC1mb3ItdGVzdHM=';
export const KEY = Buffer.alloc(32, 7);

export function fixture(name) {
	return JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
}

export const quietLog = { info() {}, warn() {}, error() {}, debug() {} };

/** An HTTP server that records every webhook; `respond` picks each status code. */
export async function startReceiver(respond = () => 200) {
	const received = [];
	const server = createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const entry = { headers: request.headers, body, json: JSON.parse(body) };
			received.push(entry);
			const status = respond(entry, received.length);
			response.writeHead(status).end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/api/whatsapp/events`,
		received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

export async function eventually(check, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return check();
		}
		catch (error) {
			if (Date.now() > deadline) {
				throw error;
			}
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}
}
