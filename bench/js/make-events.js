// Writes N Suricata-like security events in Vigil's JSON form (schemas/README.md) as NDJSON:
// user, IPs, e-mail, phone, URL and a vendor test card number in free text and attributes.
// Deterministic (no randomness) so every run and every tool sees the same bytes.
// Usage: node make-events.js N > events.ndjson
'use strict';
const n = parseInt(process.argv[2] || '100000', 10);
const cards = ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117'];
const out = [];
for (let i = 0; i < n; i++) {
  const hex = (i * 2654435761 >>> 0).toString(16).padStart(8, '0');
  const user = 'user' + (i % 500);
  const event = {
    event_id: `${hex}-0000-4000-8000-${String(i).padStart(12, '0')}`,
    kind: 'security',
    site: i % 2 === 0 ? 'primary' : 'backup',
    service: 'svc-' + (i % 16),
    source: 'suricata-' + (i % 3),
    observed_at: '2026-11-27T03:00:00Z',
    signal: {
      origin: 'SURICATA',
      severity: 'MEDIUM',
      category: 'Attempted Information Leak',
      signature: 'ET SCAN Suspicious inbound to mySQL port 3306',
      src_ip: `10.0.${i % 200}.${i % 250}`,
      dst_ip: `192.168.1.${i % 250}`,
      user,
      host: `web-${i % 20}.corp.example`,
      message:
        `GET /login?next=/account user=${user}@example.com from 10.0.0.${i % 250}` +
        ` ua=Mozilla/5.0 status=401 call (555) 010-${String(1000 + (i % 9000)).slice(-4)}` +
        ` card ${cards[i % cards.length]}`,
      attributes: {
        flow_id: String(1000000000 + i),
        proto: 'TCP',
        src_port: String(1024 + (i % 60000)),
        dest_port: '3306',
        'http.hostname': 'shop.example.com',
        'http.url': '/cart?session=' + (i * 7919).toString(16) + '&email=' + user + '@example.org',
      },
    },
  };
  out.push(JSON.stringify(event));
  if (out.length === 10000) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  }
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
