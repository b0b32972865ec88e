"""Word meaning, offline: WordLlama's static token embeddings, read from the installed wheel.

The ``wordllama`` wheel carries its 256-dimension weights (a safetensors file) and its tokenizer
(a Hugging Face tokenizer.json over Llama 2's vocabulary) inside the package folder. We read
both files directly rather than calling ``WordLlama.load()``: its default load may download, and
importing the package configures the root logger and imports requests, pydantic and toml.
Nothing here touches the network.

Only single words are ever embedded, so words are split into vocabulary tokens here (see
``_Model.token_ids``) instead of loading the ``tokenizers`` library (its ``from_file`` alone took
0.15 s); the weights file is memory-mapped and a row is read only when its token is first used.
What remains to load is numpy and the vocabulary, so nothing imports this module on the start-up
path, and a drill warms it in a background thread while the user types.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TENSOR = "embedding.weight"
_SPACE = "▁"  # how the tokenizer marks the start of a word
_LONGEST = 24  # characters; longer than any token worth matching in a word


class ModelMissing(RuntimeError):
    """The wordllama files are not installed; the caller falls back to word matching."""


def _vocabulary(tokenizer: Path) -> dict[str, int]:
    """The tokenizer's vocabulary (token -> id).

    Parsing the 1.8 MB tokenizer JSON costs about 0.1 s, a fifth of an ``analyze``; the table is
    kept in the cache folder as marshal data, which loads in a third of that. The entry is keyed
    by the tokenizer file's size and modification time; a cache that cannot be read or written
    is ignored.
    """
    import marshal

    from supportprep.paths import cache_home

    st = tokenizer.stat()
    entry = cache_home() / f"wordllama-vocab-{st.st_size}-{st.st_mtime_ns}.marshal"
    try:
        vocab = marshal.loads(entry.read_bytes())
        if isinstance(vocab, dict):
            return vocab
    except (OSError, EOFError, ValueError, TypeError):
        pass
    vocab = json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"]
    if not isinstance(vocab, dict):
        raise ValueError(f"{tokenizer.name}: no vocabulary")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(vocab))
        temporary.replace(entry)
    except OSError:
        pass
    return vocab


class _Model:
    def __init__(self, folder: Path) -> None:
        import numpy as np

        self.np = np
        self.vocab = _vocabulary(folder / _TOKENIZER)
        weights = folder / _WEIGHTS
        with weights.open("rb") as f:
            size = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(size))[_TENSOR]
        if header["dtype"] != "F16":
            raise ValueError(f"{weights.name}: expected F16 weights, found {header['dtype']}")
        self.table: Any = np.memmap(
            weights,
            dtype=np.float16,
            mode="r",
            offset=8 + size + header["data_offsets"][0],
            shape=tuple(header["shape"]),
        )
        self.dim = int(self.table.shape[1])

    def token_ids(self, word: str) -> list[int]:
        """Split one word into vocabulary tokens, longest first from the left.

        The tokenizer proper applies 61,000 byte-pair merges; for single words greedy matching
        gives the same tokens for most words and near ones for the rest, and judged the dev set's
        points as well (F1 0.919 against 0.922), without loading the merges. Characters outside
        the vocabulary fall back to byte tokens, as the tokenizer does.
        """
        text = _SPACE + word
        ids: list[int] = []
        i = 0
        while i < len(text):
            for j in range(min(len(text), i + _LONGEST), i, -1):
                found = self.vocab.get(text[i:j])
                if found is not None:
                    ids.append(found)
                    i = j
                    break
            else:
                ids += [self.vocab[f"<0x{b:02X}>"] for b in text[i].encode("utf-8")]
                i += 1
        return ids


_lock = threading.Lock()
_model: _Model | None = None
_failure: str | None = None


def _folder() -> Path:
    # find_spec locates the package without importing it (see the module docstring).
    spec = find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise ModelMissing("the wordllama package is not installed")
    return Path(spec.origin).parent


def model() -> _Model:
    """The loaded model; loads it on first use (thread-safe) or raises ``ModelMissing``."""
    global _model, _failure
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            if _failure is not None:
                raise ModelMissing(_failure)
            try:
                _model = _Model(_folder())
            except (ImportError, OSError, KeyError, ValueError, TypeError, ModelMissing) as exc:
                _failure = f"word model not loaded: {exc}"
                raise ModelMissing(_failure) from exc
    return _model


def available() -> bool:
    try:
        model()
    except ModelMissing:
        return False
    return True


def warm() -> threading.Thread:
    """Load the model in a daemon thread, so it is ready by the time an answer is submitted."""
    thread = threading.Thread(target=available, name="supportprep-warm-model", daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=50_000)
def _word_vector(word: str) -> Any:
    m = model()
    ids = m.token_ids(word)
    if not ids:
        return m.np.zeros(m.dim, dtype=m.np.float32)
    vector = m.table[ids].astype(m.np.float32).mean(axis=0)
    norm = float(m.np.linalg.norm(vector))
    return vector / norm if norm else vector


def word_matrix(words: list[str]) -> Matrix:
    """One unit-length row per word (lower-cased); a word of several tokens is their mean."""
    m = model()
    if not words:
        return m.np.zeros((0, m.dim), dtype=m.np.float32)  # type: ignore[no-any-return]
    return m.np.stack([_word_vector(w.lower()) for w in words])  # type: ignore[no-any-return]


def soft_recall(point: Matrix, passage: Matrix) -> float:
    """How much of ``point`` the passage says: for each point word, its best cosine with any
    passage word, averaged. Static embeddings put paraphrases ("aging report" / "sorted by how
    long they'd been sitting") closer than unrelated words, so this survives rewording."""
    if point.shape[0] == 0 or passage.shape[0] == 0:
        return 0.0
    return float((point @ passage.T).max(axis=1).mean())
