"""Pictures added to a python-docx document without python-docx's searches of the document.

``Run.add_picture`` looks for an identical picture by hashing every picture already in the
document again (quadratic in their number), and numbers the new shape by an XPath search of the
whole document for ``@id`` attributes. For the 10–20 charts of a briefing that was a fifth of the
Word file's writing.

:class:`Pictures` does the same through the same library objects, keeping the hashes and the
last shape id instead of searching: the n-th distinct picture is ``word/media/image{n}.png`` and
each shape id is one more than the last, as python-docx makes them in a document started from
its default template (which has no pictures). The XML and the parts come out the same as
python-docx's (the tests compare them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Length

__all__ = ["Pictures"]


class Pictures:
    """Adds pictures to the body of the python-docx ``document``.

    Use one instance for every picture of a document, and add pictures only through it.
    """

    def __init__(self, document: Any) -> None:
        self.part = document.part
        self._parts: dict[str, ImagePart] = {}
        self._last_id: int | None = None

    def add(self, run: Any, path: Path, width: Length) -> None:
        """Put the image at ``path``, ``width`` wide, at the end of the run element ``run`` (``w:r``).

        As ``Run.add_picture`` does.
        """
        image = Image.from_file(str(path))
        part = self._parts.get(image.sha1)
        if part is None:
            name = PackURI(f"/word/media/image{len(self._parts) + 1}.{image.ext}")
            part = ImagePart.from_image(image, name)
            self.part.package.image_parts.append(part)  # python-docx's list of the document's pictures
            self._parts[image.sha1] = part
        image = part.image  # a picture seen before keeps its first file's name, as in python-docx
        rid = self.part.relate_to(part, RT.IMAGE)
        cx, cy = image.scaled_dimensions(width, None)
        self._last_id = self.part.next_id if self._last_id is None else self._last_id + 1
        run.add_drawing(CT_Inline.new_pic_inline(self._last_id, rid, image.filename, cx, cy))
