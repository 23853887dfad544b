#!/usr/bin/python3
"""Writes the request bodies of the ingest benchmarks, as load_gen templates ("{n}" is a
per-request counter, so every messageId is new and nothing is deduplicated away):
  batch.json   /v1/batch with 100 realistic events (~600 B each): a web shop's mix of page
               views, product views, cart adds, identifies and an order, from 20 visitors
  track.json   /v1/track with one product view
Usage: segment_bodies.py OUT_DIR"""

import json
import sys
from pathlib import Path

CONTEXT = {
    "library": {"name": "analytics.js", "version": "4.1.0"},
    "ip": "83.24.117.{k}",
    "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                 "Gecko) Chrome/130.0 Safari/537.36",
    "locale": "pl-PL",
    "page": {"path": "/p/buty-trekkingowe-{k}", "url": "https://szczyt.example/p/buty-{k}",
             "referrer": "https://www.google.com/"},
}


def event(n_slot, k, i):
    """The i-th event of a batch, from visitor k of that batch."""
    user = {"anonymousId": f"anon-{{n}}-{k}"}
    if k % 4 == 0:
        user["userId"] = f"user-{{n}}-{k}"
    context = json.loads(json.dumps(CONTEXT).replace("{k}", str(k)))
    base = {"messageId": f"msg-{{n}}-{i}", "timestamp": "2026-11-24T10:00:00.000Z",
            "context": context, **user}
    kind = i % 10
    if kind in (0, 1, 2):
        return {**base, "type": "page", "name": "Product",
                "properties": {"title": "Buty trekkingowe Szczyt Pro", "path": f"/p/{k}"}}
    if kind in (3, 4, 5):
        return {**base, "type": "track", "event": "Product Viewed",
                "properties": {"product_id": f"SKU-{k}{i}", "sku": f"SKU-{k}{i}",
                               "name": "Buty trekkingowe Szczyt Pro", "category": "Buty",
                               "price": 499.99, "currency": "PLN", "brand": "Szczyt"}}
    if kind in (6, 7):
        return {**base, "type": "track", "event": "Product Added",
                "properties": {"product_id": f"SKU-{k}{i}", "sku": f"SKU-{k}{i}",
                               "price": 499.99, "quantity": 1, "currency": "PLN",
                               "cart_id": f"cart-{{n}}-{k}"}}
    if kind == 8:
        return {**base, "type": "identify",
                "traits": {"email": f"klient.{{n}}.{k}@example.pl", "first_name": "Anna",
                           "last_name": "Nowak"}}
    return {**base, "type": "track", "event": "Order Completed",
            "properties": {"order_id": f"ord-{{n}}-{i}", "revenue": 999.98, "currency": "PLN",
                           "products": [{"product_id": f"SKU-{k}1", "price": 499.99,
                                         "quantity": 2}]}}


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    batch = {"batch": [event(None, i % 20, i) for i in range(100)],
             "sentAt": "2026-11-24T10:00:00.100Z"}
    text = json.dumps(batch, separators=(",", ":"), ensure_ascii=False)
    (out / "batch.json").write_text(text)
    single = event(None, 3, 3)
    single.pop("timestamp")
    (out / "track.json").write_text(json.dumps(single, separators=(",", ":")))
    print(json.dumps({"batch_bytes": len(text.encode()),
                      "event_bytes_avg": len(text.encode()) // 100}))


if __name__ == "__main__":
    main()
