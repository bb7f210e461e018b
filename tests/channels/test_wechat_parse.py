"""The inbound WeChat path's own pieces: `sign` against the platform's vectors and wechatpy."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from wechatpy.utils import WeChatSigner

from channels.wechat_inbound import sign
from tests.channels.test_wechat_inbound import (
    SAMPLE_ENCRYPT,
    SAMPLE_MSG_SIGNATURE,
    SAMPLE_NONCE,
    SAMPLE_TIMESTAMP,
    SAMPLE_TOKEN,
)


def test_sign_matches_the_published_vectors() -> None:
    # wechatpy tests/test_utils.py::test_check_signature_should_ok (URL signature).
    assert sign("test", "1410685589", "test") == "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
    # Tencent's WXBizMsgCrypt sample: msg_signature over token, timestamp, nonce and Encrypt.
    assert sign(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE, SAMPLE_ENCRYPT) == \
        SAMPLE_MSG_SIGNATURE
    # The order of the parts does not matter: they are sorted.
    assert sign(SAMPLE_ENCRYPT, SAMPLE_NONCE, SAMPLE_TOKEN, SAMPLE_TIMESTAMP) == \
        SAMPLE_MSG_SIGNATURE


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
                        max_size=12), min_size=1, max_size=5))
def test_sign_is_wechatpys_signer(parts: list[str]) -> None:
    signer = WeChatSigner()
    signer.add_data(*parts)
    assert sign(*parts) == signer.signature
