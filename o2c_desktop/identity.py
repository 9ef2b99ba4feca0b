"""Identifiers the operating system knows the program by.

They are fixed for the life of the product: the Windows installer writes the same values
(``installer/o2c_desktop.nsi``), and changing one would orphan existing installations (a second
entry in "Apps", shortcuts that no longer group with the running window, an installer that cannot
see a running copy). A test checks that the installer script carries exactly these values.
"""

# Uninstall entry under HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{...}.
UNINSTALL_GUID = "{9D8E64C6-DF05-4228-A95C-1BCC9FE96039}"

# Set on the Start-menu shortcut and by the window at start, so Windows groups the taskbar button
# with the shortcut and keeps pinned icons working across upgrades.
APP_USER_MODEL_ID = "o2cDesktop.o2cDesktop.Desktop.1"

# A named mutex both programs hold while they run; the installer refuses to install or uninstall
# while it exists. "Local\\" keeps it per logon session, where the installer runs too.
RUNNING_MUTEX = "Local\\o2c_desktop-running-9D8E64C6"

# Folder under %LOCALAPPDATA%\\Programs and the Start-menu name.
INSTALL_DIR_NAME = "o2c_desktop"
DISPLAY_NAME = "o2c_desktop"
PUBLISHER = "o2c_desktop"
