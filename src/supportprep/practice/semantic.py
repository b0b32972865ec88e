"""Word meaning, offline: WordLlama's static token embeddings, read from the installed wheel.

The ``wordllama`` wheel carries its 256-dimension weights (a safetensors file) and its tokenizer
(a Hugging Face tokenizer.json, byte-pair encoding over Llama 2's vocabulary) inside the package
folder. We read both files directly rather than calling ``WordLlama.load()``: its default load
may download, and importing the package configures the root logger and imports requests,
pydantic and toml. Nothing here touches the network.

Only single words are ever embedded, so the byte-pair merges are applied here, word by word,
instead of loading the ``tokenizers`` library (its ``from_file`` alone took 0.15 s); the weights
file is memory-mapped and a row is read only when its token is first used. What remains to load
is numpy and the tokenizer's JSON, so nothing imports this module on the start-up path, and a
drill warms it in a background thread while the user types.
"""

from __future__ import annotations

import itertools
import json
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


class ModelMissing(RuntimeError):
    """The wordllama files are not installed; the caller falls back to word matching."""


class _Model:
    def __init__(self, folder: Path) -> None:
        import numpy as np

        self.np = np
        spec = json.loads((folder / _TOKENIZER).read_text(encoding="utf-8"))["model"]
        self.vocab: dict[str, int] = spec["vocab"]
        self.ranks: dict[tuple[str, str], int] = {}
        for rank, merge in enumerate(spec["merges"]):
            left, _, right = merge.partition(" ") if isinstance(merge, str) else merge
            self.ranks[(left, right)] = rank
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
        """Byte-pair encode one word, as the tokenizer would after prepending its space mark."""
        parts = list(_SPACE + word)
        while len(parts) > 1:
            ranked = [
                (rank, i)
                for i, pair in enumerate(itertools.pairwise(parts))
                if (rank := self.ranks.get(pair)) is not None
            ]
            if not ranked:
                break
            _, i = min(ranked)
            parts[i : i + 2] = [parts[i] + parts[i + 1]]
        ids: list[int] = []
        for part in parts:
            found = self.vocab.get(part)
            if found is not None:
                ids.append(found)
            else:  # byte fallback, as the tokenizer does for characters outside its vocabulary
                ids += [self.vocab[f"<0x{b:02X}>"] for b in part.encode("utf-8")]
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
