; o2c_desktop per-user installer (NSIS 3, Modern UI 2).
;
;   makensis -DVERSION=0.1.0 -DVERSION_NUMERIC=0.1.0.0 -DDIST_DIR=dist/o2c_desktop \
;            -DOUTFILE=dist/o2c_desktop-0.1.0-setup.exe installer/o2c_desktop.nsi
;
; installer/build.sh passes the defines. No administrator prompt: the program goes to
; %LOCALAPPDATA%\Programs\o2c_desktop and every registry value to HKCU. The user's data
; (%LOCALAPPDATA%\o2c_desktop, Documents\o2c_desktop, the saved passwords in the Credential
; Manager) lives elsewhere and is never touched by install, upgrade or uninstall.
;
; The identifiers below are fixed for the life of the product and equal o2c_desktop/identity.py
; (tests/installer/test_installer_identity.py checks it). Changing one orphans existing installations.

Unicode true
ManifestDPIAware true

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WinVer.nsh
!include x64.nsh
!include Win\COM.nsh
!include Win\Propkey.nsh

!define UNINSTALL_GUID "{9D8E64C6-DF05-4228-A95C-1BCC9FE96039}"
!define APP_USER_MODEL_ID "o2cDesktop.o2cDesktop.Desktop.1"
!define RUNNING_MUTEX "Local\o2c_desktop-running-9D8E64C6"
!define INSTALL_DIR_NAME "o2c_desktop"
!define DISPLAY_NAME "o2c_desktop"
!define PUBLISHER "o2c_desktop"

!ifndef VERSION
  !error "pass -DVERSION=<package version> (installer/build.sh does)"
!endif
!ifndef VERSION_NUMERIC
  !error "pass -DVERSION_NUMERIC=a.b.c.d (installer/build.sh does)"
!endif
!ifndef DIST_DIR
  !error "pass -DDIST_DIR=<PyInstaller output folder> (installer/build.sh does)"
!endif
!ifndef OUTFILE
  !define OUTFILE "o2c_desktop-${VERSION}-setup.exe"
!endif

; Paths on the build machine, relative to this folder (makensis works from it); makensis on
; Linux (Debian's nsis) wants "/". DIST_DIR must be absolute.
!ifdef NSIS_WIN32_MAKENSIS
  !define SEP "\"
!else
  !define SEP "/"
!endif
!define ICON_FILE "..${SEP}resources${SEP}icons${SEP}o2c_desktop.ico"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${UNINSTALL_GUID}"
!define GUI_EXE "o2c-desktop.exe"
!define CLI_EXE "o2c.exe"
!define UNINSTALLER "uninstall.exe"
!define SHORTCUT "$SMPROGRAMS\${DISPLAY_NAME}.lnk"
; OpenMutexW access right: enough to learn that the mutex exists.
!define SYNCHRONIZE 0x00100000

Name "${DISPLAY_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${INSTALL_DIR_NAME}"
; An upgrade goes where the previous version is, even if the user chose another folder then.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
BrandingText "${DISPLAY_NAME} ${VERSION}"

VIProductVersion "${VERSION_NUMERIC}"
VIFileVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=0 "ProductName" "${DISPLAY_NAME}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${DISPLAY_NAME} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER} developers, Apache-2.0"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_NOREBOOTSUPPORT

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The clerks read Spanish; Windows in another language gets English.
!insertmacro MUI_LANGUAGE "Spanish"
!insertmacro MUI_LANGUAGE "English"

LangString ProgramRunning ${LANG_SPANISH} "${DISPLAY_NAME} está abierto (la ventana o el programa o2c, quizá una sincronización programada).$\r$\n$\r$\nCiérrelo y vuelva a ejecutar este instalador."
LangString ProgramRunning ${LANG_ENGLISH} "${DISPLAY_NAME} is running (the window or the o2c program, perhaps a scheduled sync).$\r$\n$\r$\nClose it and run this setup again."
LangString WindowsTooOld ${LANG_SPANISH} "${DISPLAY_NAME} necesita Windows 10 (versión 1809 o posterior) u 11 de 64 bits."
LangString WindowsTooOld ${LANG_ENGLISH} "${DISPLAY_NAME} needs 64-bit Windows 10 (version 1809 or later) or 11."
LangString DataKept ${LANG_SPANISH} "Se quitó el programa. Sus datos se conservan:$\r$\n$\r$\n- almacén, archivo de descargas, registros y configuración: $LOCALAPPDATA\${INSTALL_DIR_NAME}$\r$\n- exportaciones: Documentos\${INSTALL_DIR_NAME}$\r$\n- contraseñas guardadas: Administrador de credenciales de Windows$\r$\n$\r$\nBórrelos a mano si ya no los necesita; al reinstalar, el programa los vuelve a usar."
LangString DataKept ${LANG_ENGLISH} "The program was removed. Your data is kept:$\r$\n$\r$\n- warehouse, download archive, logs and settings: $LOCALAPPDATA\${INSTALL_DIR_NAME}$\r$\n- exports: Documents\${INSTALL_DIR_NAME}$\r$\n- saved passwords: Windows Credential Manager$\r$\n$\r$\nDelete them by hand if you no longer need them; a new install uses them again."

; Both programs hold RUNNING_MUTEX while they run: replacing or removing _internal under a running
; program fails half-way (locked DLLs) or breaks it. Abort in .onInit ends setup with exit code 2.
!macro RefuseWhileRunning
  System::Call 'kernel32::OpenMutexW(i ${SYNCHRONIZE}, i 0, w "${RUNNING_MUTEX}") p .r0'
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    MessageBox MB_OK|MB_ICONSTOP "$(ProgramRunning)" /SD IDOK
    Abort
  ${EndIf}
!macroend

; A shortcut that carries the AppUserModelID, written through the shell's own COM objects
; (IShellLink + IPropertyStore + IPersistFile), since Debian's NSIS has no plugin for it.
; Without it Windows would not group the running window (which declares the same ID) with the
; shortcut, and a pinned icon would start a second taskbar button.
!macro CreateShortcutWithAppId LINK TARGET APP_ID
  System::Store S
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r0 ""
  ${If} $0 P<> 0
    ${IShellLink::SetPath} $0 '("${TARGET}").r1'
    ${IShellLink::SetWorkingDirectory} $0 '("$INSTDIR").r1'
    ${IShellLink::SetIconLocation} $0 '("${TARGET}",0).r1'
    ${IShellLink::SetDescription} $0 '("${DISPLAY_NAME}").r1'
    ${IUnknown::QueryInterface} $0 '("${IID_IPropertyStore}",.r1)'
    ${If} $1 P<> 0
      System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r2'
      System::Call '*(&w128 "${APP_ID}")p.r4'
      ; PROPVARIANT: vt, three reserved words, then the string pointer; zero-filled beyond.
      System::Call '*(&i2 ${VT_LPWSTR}, &i2, &i2, &i2, p r4, &i8)p.r3'
      ${IPropertyStore::SetValue} $1 '($2,$3).r5'
      ${IPropertyStore::Commit} $1 '.r6'
      ${If} $5 <> 0
      ${OrIf} $6 <> 0
        DetailPrint "AppUserModelID not set on the shortcut (SetValue $5, Commit $6)"
      ${EndIf}
      System::Free $2
      System::Free $3
      System::Free $4
      ${IUnknown::Release} $1 ""
    ${EndIf}
    ${IUnknown::QueryInterface} $0 '("${IID_IPersistFile}",.r1)'
    ${If} $1 P<> 0
      ${IPersistFile::Save} $1 '("${LINK}",1).r5'
      ${If} $5 <> 0
        DetailPrint "Could not save ${LINK} (HRESULT $5)"
      ${EndIf}
      ${IUnknown::Release} $1 ""
    ${EndIf}
    ${IUnknown::Release} $0 ""
  ${EndIf}
  System::Store L
!macroend

Function .onInit
  ; Qt 6 runs on 64-bit Windows 10 1809 (build 17763) and later only.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_OK|MB_ICONSTOP "$(WindowsTooOld)" /SD IDOK
    Abort
  ${EndIf}
  !insertmacro RefuseWhileRunning
FunctionEnd

Function un.onInit
  !insertmacro RefuseWhileRunning
FunctionEnd

Section "${DISPLAY_NAME}" SectionProgram
  SectionIn RO
  SetShellVarContext current

  ; An upgrade replaces the program whole: no module or Qt plugin of the previous version may
  ; linger in _internal. The user's data is outside $INSTDIR and stays as it is.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"

  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}${SEP}*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  !insertmacro CreateShortcutWithAppId "${SHORTCUT}" "$INSTDIR\${GUI_EXE}" "${APP_USER_MODEL_ID}"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${DISPLAY_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\${GUI_EXE}$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\${UNINSTALLER}$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\${UNINSTALLER}$\" /S"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "${SHORTCUT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  ; Only when empty: anything the user put there stays.
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  DetailPrint "$(DataKept)"
  ${IfNot} ${Silent}
    MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)"
  ${EndIf}
SectionEnd
