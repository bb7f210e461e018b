"""QQ bot platform signatures: ed25519 with a key seeded from the bot secret.

As in the platform docs (tencent-connect/bot-docs, docs/develop/api-v2/dev-prepare/
interface-framework/sign.md): the secret is repeated until it has 32 bytes and the first 32 are
the ed25519 seed. Every callback is signed over `X-Signature-Timestamp + raw body`; the op 13
URL validation is answered with a signature over `event_ts + plain_token`.
"""

from __future__ import annotations

import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SEED_SIZE = 32


class QQSigner:
    def __init__(self, secret: str):
        if not secret:
            raise ValueError("the QQ bot secret is empty")
        seed = secret.encode("utf-8")
        while len(seed) < SEED_SIZE:
            seed = seed * 2
        self._key = Ed25519PrivateKey.from_private_bytes(seed[:SEED_SIZE])
        self._public = self._key.public_key()

    def sign(self, message: bytes) -> str:
        return self._key.sign(message).hex()

    def validation_signature(self, event_ts: str, plain_token: str) -> str:
        return self.sign((event_ts + plain_token).encode("utf-8"))

    def verify(self, timestamp: str, body: bytes, signature_hex: str) -> bool:
        try:
            signature = binascii.unhexlify(signature_hex)
        except (binascii.Error, ValueError):
            return False
        # Same checks as the docs' Go example: 64 bytes, and the top three bits of the last
        # byte clear (a canonical S); anything else is not a signature the platform made.
        if len(signature) != 64 or signature[63] & 224:
            return False
        try:
            self._public.verify(signature, timestamp.encode("utf-8") + body)
        except InvalidSignature:
            return False
        return True
