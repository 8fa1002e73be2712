// SPDX-License-Identifier: MIT
// A test receiver for berth's OTLP/HTTP traces. It decodes each request with
// the OTLP definitions the OpenTelemetry project publishes (the protobufjs
// module generated from opentelemetry-proto that ships in
// @opentelemetry/otlp-transformer), so a field berth misnames or mistypes is
// lost or refused here, not accepted.
//
//   node receiver.js --out FILE --port-file FILE [--mode ok|refuse|stall]
//                    [--lifetime SECONDS]
//
// Listens on 127.0.0.1 on an ephemeral port and writes the port to
// --port-file. Each request becomes one JSON line in --out:
//   {"path", "headers", "contentType", "decoded": <ExportTraceServiceRequest>}
// with ids as lowercase hex and 64-bit integers as decimal strings, or
// {"path", "error"} when it does not decode. --mode refuse answers 500,
// stall never answers. The receiver exits by itself after --lifetime
// seconds (default 60).
'use strict';

const fs = require('fs');
const http = require('http');
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root');

const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const ID_FIELDS = ['traceId', 'spanId', 'parentSpanId'];
// 64-bit fields, which the protobuf JSON mapping writes as decimal strings.
const LONG_FIELDS = ['startTimeUnixNano', 'endTimeUnixNano', 'timeUnixNano', 'intValue'];

function args() {
  const out = { mode: 'ok', lifetime: 60 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    out[argv[i].replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase())] = argv[i + 1];
  }
  if (!out.out || !out.portFile) {
    throw new Error('usage: receiver.js --out FILE --port-file FILE [--mode ok|refuse|stall]');
  }
  return out;
}

// Applies `fn` to every field named in `names` under `value`.
function mapFields(value, names, fn) {
  if (Array.isArray(value)) {
    value.forEach((v) => mapFields(v, names, fn));
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (names.includes(key) && typeof value[key] === 'string') {
        value[key] = fn(value[key], key);
      } else {
        mapFields(value[key], names, fn);
      }
    }
  }
}

function mapIds(value, fn) {
  mapFields(value, ID_FIELDS, fn);
}

// OTLP/JSON differs from protobuf's canonical JSON in one way that matters
// here: ids are hex, not base64. Everything else is read by the generated
// code as it is.
function decodeJson(text) {
  const object = JSON.parse(text);
  mapIds(object, (hex) => {
    if (!/^([0-9a-f]{2})*$/.test(hex)) {
      throw new Error(`id "${hex}" is not lowercase hex`);
    }
    return Buffer.from(hex, 'hex').toString('base64');
  });
  // The JSON mapping writes 64-bit integers as decimal strings; the
  // generated fromObject reads them, but accepts any text, so check first.
  mapFields(object, LONG_FIELDS, (text, key) => {
    if (!/^-?[0-9]+$/.test(text)) {
      throw new Error(`${key} "${text}" is not a decimal integer`);
    }
    return text;
  });
  const message = Request.fromObject(object);
  const problem = Request.verify(message);
  if (problem) {
    throw new Error(`not an ExportTraceServiceRequest: ${problem}`);
  }
  return message;
}

function canonical(message) {
  const object = Request.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false });
  mapIds(object, (b64) => Buffer.from(b64, 'base64').toString('hex'));
  return object;
}

function main() {
  const opts = args();
  fs.writeFileSync(opts.out, '');
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const type = req.headers['content-type'] || '';
      const line = { path: req.url, method: req.method, headers: req.headers, contentType: type, bytes: body.length };
      try {
        const message = type.includes('protobuf') ? Request.decode(body) : decodeJson(body.toString('utf8'));
        line.decoded = canonical(message);
      } catch (e) {
        line.error = String(e.message || e);
      }
      fs.appendFileSync(opts.out, JSON.stringify(line) + '\n');
      if (opts.mode === 'stall') {
        return;  // never answer; the client's timeout ends it
      }
      if (opts.mode === 'refuse') {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('refused by the test receiver\n');
        return;
      }
      const status = line.error ? 400 : 200;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(line.error ? JSON.stringify({ message: line.error }) : '{}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const tmp = `${opts.portFile}.tmp`;
    fs.writeFileSync(tmp, String(server.address().port));
    fs.renameSync(tmp, opts.portFile);
  });
  setTimeout(() => process.exit(0), Number(opts.lifetime) * 1000).unref();
  // Keep the process alive until the lifetime ends even with no requests.
  setInterval(() => {}, 1000);
}

main();
