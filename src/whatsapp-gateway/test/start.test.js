import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { test } from 'node:test';

const main = new URL('../src/main.js', import.meta.url).pathname;

test('npm start: listens and answers /health with no phone and no WhatsApp connection', async (t) => {
	const dataDir = await mkdtemp(join(tmpdir(), 'wa-gateway-start-'));
	const child = spawn(process.execPath, [main], {
		env: {
			PATH: process.env.PATH,
			WA_GATEWAY_TOKEN: 'fake-gateway-token',
			WA_GATEWAY_KEY: Buffer.alloc(32, 3).toString('base64'),
			WA_WEBHOOK_SECRET: 'whsec_ZmFrZQ==',
			WA_GATEWAY_PORT: '0',
			WA_GATEWAY_DATA_DIR: dataDir,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	t.after(async () => {
		child.kill('SIGTERM');
		await rm(dataDir, { recursive: true, force: true });
	});
	let output = '';
	const port = await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /"port":(\d+)/.exec(output);
			if (match) {
				resolve(Number(match[1]));
			}
		});
		child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
	});
	const response = await fetch(`http://127.0.0.1:${port}/health`);
	assert.equal(response.status, 200);
	assert.deepEqual(await response.json(), { status: 'UP' });
	child.kill('SIGTERM');
	const [code] = await once(child, 'exit');
	assert.equal(code, 0);
});

test('npm start refuses to run without its secrets', async () => {
	const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
	let errors = '';
	child.stderr.on('data', (chunk) => { errors += chunk; });
	const [code] = await once(child, 'exit');
	assert.equal(code, 2);
	assert.match(errors, /WA_GATEWAY_TOKEN, WA_GATEWAY_KEY, WA_WEBHOOK_SECRET/);
});
