// The CRM's control API: link, unlink and resync a staff member's WhatsApp, and /health.
// Everything but /health needs "Authorization: Bearer <WA_GATEWAY_TOKEN>".

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { NotLinkedError } from './sessions.js';

const STAFF_ID = /^[0-9]{1,19}$/;
const MAX_BODY = 16 * 1024;

export function createControlServer({ token, sessions, log }) {
	const expected = digest(`Bearer ${token}`);
	return createServer((request, response) => {
		handle(request, response).catch((error) => {
			log.error({ err: error.message, method: request.method }, 'control request failed');
			if (!response.headersSent) {
				reply(response, 500, { error: 'internal_error' });
			}
			else {
				response.end();
			}
		});
	});

	async function handle(request, response) {
		const url = new URL(request.url, 'http://gateway');
		if (url.pathname === '/health') {
			return request.method === 'GET' ? reply(response, 200, { status: 'UP' }) : reply(response, 405, { error: 'method_not_allowed' });
		}
		if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
			return reply(response, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
		}
		const match = /^\/sessions\/([^/]+)(\/resync)?$/.exec(url.pathname);
		if (!match) {
			return reply(response, 404, { error: 'not_found' });
		}
		const staffId = match[1];
		if (!STAFF_ID.test(staffId)) {
			return reply(response, 400, { error: 'bad_staff_id' });
		}
		const body = await readJson(request);
		if (body === undefined) {
			return reply(response, 400, { error: 'malformed_json' });
		}
		if (match[2]) {
			if (request.method !== 'POST') {
				return reply(response, 405, { error: 'method_not_allowed' });
			}
			try {
				return reply(response, 202, await sessions.resync(staffId, typeof body?.requestId === 'string' ? body.requestId.slice(0, 100) : null));
			}
			catch (error) {
				if (error instanceof NotLinkedError) {
					return reply(response, 409, { error: 'not_linked' });
				}
				throw error;
			}
		}
		switch (request.method) {
			case 'GET':
				return reply(response, 200, sessions.status(staffId));
			case 'POST':
				return reply(response, 202, await sessions.start(staffId));
			case 'DELETE':
				await sessions.unlink(staffId);
				response.writeHead(204).end();
				return undefined;
			default:
				return reply(response, 405, { error: 'method_not_allowed' });
		}
	}
}

function digest(value) {
	return createHash('sha256').update(value).digest();
}

/** The JSON body, null when empty, undefined when malformed or too large. */
async function readJson(request) {
	const chunks = [];
	let size = 0;
	for await (const chunk of request) {
		size += chunk.length;
		if (size > MAX_BODY) {
			return undefined;
		}
		chunks.push(chunk);
	}
	if (size === 0) {
		return null;
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	}
	catch {
		return undefined;
	}
}

function reply(response, status, body, headers = {}) {
	response.writeHead(status, { 'content-type': 'application/json', ...headers });
	response.end(JSON.stringify(body));
}
