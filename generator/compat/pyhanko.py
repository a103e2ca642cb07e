"""pyHanko's writer and reader, changed where they fall short: a reproducible update, and objects found fast.

Overrides: IncrementalPdfFileWriter._handle_id, ._update_meta and ._lastobj_id; PdfFileReader._get_object_from_stream.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader


class ReproducibleWriter(IncrementalPdfFileWriter):
    """An incremental update that adds form fields and the PDF's identity, and changes nothing else.

    pyHanko would stamp the time as the modification date and draw a random file identifier; both would make
    every build different. The identifier keeps Typst's permanent first element (ISO 32000-1 §14.4: it never
    changes) and derives the changing second one from the content.
    """

    information: dict[str, str] = {}  # noqa: RUF012 - set per instance before writing

    def __init__(self, input_stream: io.BytesIO) -> None:
        super().__init__(input_stream)
        # pyHanko numbers the first new object /Size + 1, one past the next free number: an update that adds
        # none would then claim an object that is not there (qpdf: "reported number of objects ... is not one
        # plus the highest object number"). The next free number is /Size itself.
        self._lastobj_id = int(self.prev.trailer["/Size"]) - 1

    @classmethod
    def _handle_id(cls, prev: PdfFileReader) -> generic.ArrayObject:
        digest = generic.ByteStringObject(hashlib.md5(prev.stream.getvalue(), usedforsecurity=False).digest())
        permanent = prev.trailer["/ID"][0] if "/ID" in prev.trailer else digest
        return generic.ArrayObject([permanent, digest])

    def _update_meta(self) -> None:
        info = self._info.get_object() if self._info is not None else generic.DictionaryObject()
        for key, value in self.information.items():
            info[generic.pdf_name(key)] = generic.TextStringObject(value)
        if self._info is None:
            self.set_info(info)
        else:
            self.mark_update(self._info)


class IndexedReader(PdfFileReader):
    """pyHanko's reader, finding objects in an object stream by an index built once per stream.

    pyHanko reads an object stream's header from the start for every object it looks up; the structure tree of a
    tagged PDF has a thousand objects in one stream, and checking what changed after a signature looks up each.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stream_index: dict[int, tuple[io.BytesIO, int, dict[int, int]] | None] = {}

    def _get_object_from_stream(self, idnum: int, stmnum: int, idx: int) -> Any:
        index = self._index(stmnum)
        if index is None or idnum not in index[2]:
            return super()._get_object_from_stream(idnum, stmnum, idx)
        data, first, offsets = index
        data.seek(first + offsets[idnum])
        obj = generic.read_object(data, generic.Reference(idnum, 0, self))
        if isinstance(obj, generic.StreamObject | generic.IndirectObject):
            return super()._get_object_from_stream(idnum, stmnum, idx)  # forbidden in a stream: pyHanko says so
        return obj

    def _index(self, stmnum: int) -> tuple[io.BytesIO, int, dict[int, int]] | None:
        """The stream's data, where its first object starts, and object number -> offset; None if unreadable."""
        if stmnum not in self._stream_index:
            try:
                stream = generic.Reference(stmnum, 0, self).get_object()
                if not isinstance(stream, generic.StreamObject):
                    raise TypeError("not a stream")
                data = stream.read_data(DecodePurpose.OBJECT_STREAM)
                first, count = int(stream["/First"]), int(stream["/N"])
                numbers = [int(token) for token in data[:first].split()[: 2 * count]]
                index = (io.BytesIO(data), first, dict(zip(numbers[::2], numbers[1::2], strict=True)))
            except (KeyError, ValueError, TypeError, AttributeError):
                index = None  # pyHanko's own reading reports what is wrong with it
            self._stream_index[stmnum] = index
        return self._stream_index[stmnum]
