"""The Windows version resource of both programs, made from the package version at build time.

``o2c_desktop.spec`` writes the text this returns into PyInstaller's work folder and passes it as
``EXE(version=...)``: Explorer's "Details" tab, the uninstall entry and crash reports then show the
version the wheel carries, with no second copy of the number to keep in step.
"""

from __future__ import annotations

import re

from o2c_desktop.identity import DISPLAY_NAME, PUBLISHER

_RELEASE = re.compile(r"^\s*v?(\d+(?:\.\d+)*)")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers Windows keeps: the PEP 440 release part, padded or cut to four.

    Pre-, post- and dev-release markers and local labels have no place in the binary field; the
    full text stays in the string table.
    """
    match = _RELEASE.match(version)
    if match is None:
        raise ValueError(f"no release number in version {version!r}")
    parts = [min(int(part), 0xFFFF) for part in match.group(1).split(".")][:4]
    parts += [0] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


def version_info_text(version: str, *, internal_name: str, description: str) -> str:
    """PyInstaller's version-file syntax (a ``VSVersionInfo`` literal) for one program."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": internal_name,
        "LegalCopyright": f"{PUBLISHER} developers, Apache-2.0",
        "OriginalFilename": f"{internal_name}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
