"""Sealed media: videos in vfcoach's media store, encrypted in chunks (see `format`)."""

from vfcoach.video.sealed.errors import SealedDamaged, SealedKeyUnknown
from vfcoach.video.sealed.format import SUFFIX
from vfcoach.video.sealed.keys import forget_key, key_for, remember_key
from vfcoach.video.sealed.reader import SealedReader, is_sealed, open_media
from vfcoach.video.sealed.writer import SealedFile, seal_file, seal_stream

__all__ = [
    "SUFFIX",
    "SealedDamaged",
    "SealedFile",
    "SealedKeyUnknown",
    "SealedReader",
    "forget_key",
    "is_sealed",
    "key_for",
    "open_media",
    "remember_key",
    "seal_file",
    "seal_stream",
]
