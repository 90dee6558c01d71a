; KIZ Desk: the Windows installer (NSIS 3, MUI2), built by `cargo xtask dist`
; (xtask/src/dist.rs) with makensis on Linux or Windows. docs/release.md
; documents the switches for IT.
;
; makensis gets, with -D:
;   VERSION            the workspace version from Cargo.toml ("0.1.0")
;   VERSION4           the same as four numbers for the version resource ("0.1.0.0")
;   APP_EXE_SOURCE     path of the release kiz-desk.exe
;   LOADER_SOURCE      path of WebView2Loader.dll (written beside the exe by
;                      the MinGW build; the MSVC build links it statically)
;   ICON_SOURCE        path of icons/icon.ico
;   OUTFILE            path of the installer to write
;   WEBVIEW2_OFFLINE   (optional) Microsoft's standalone WebView2 runtime
;                      installer, embedded and run when the runtime is missing
;
; Switches (all optional; /D= must come last, unquoted, NSIS standard):
;   /S             silent: no window, no questions
;   /CURRENTUSER   install for the current user (default), no admin rights,
;                  into $LOCALAPPDATA\Programs\KIZ Desk
;   /ALLUSERS      install for all users into $PROGRAMFILES64\KIZ Desk; needs
;                  an elevated (administrator) run, fails with exit code 740 otherwise
;   /D=<folder>    target folder
;   /NOWEBVIEW2    do not check for or install the WebView2 runtime
;                  (IT deploys it another way)
;   /P             passive: progress only, no questions (the updater)
;   /UPDATE        run by the app's updater: same mode and folder as the
;                  installed copy, no questions
;   /R             start KIZ Desk after installing (the updater)
;   /ARGS ...      arguments of the app that ran the updater (ignored)
; Uninstaller (uninstall.exe in the program folder):
;   /S             silent
;   /DELETEDATA    also delete the data folder of the user who runs it
;   /ALLUSERS, /CURRENTUSER  which installation (found by itself otherwise)
; Exit codes: 0 done, 3 installed but no WebView2 runtime, 5 KIZ Desk stayed
; open, 740 /ALLUSERS without administrator rights, 2 cancelled or failed.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh

!define PRODUCT "KIZ Desk"
!define PUBLISHER "Rhein-Sieg-Kreis, Kommunales Integrationszentrum"
!define APP_EXE "kiz-desk.exe"
!define LOADER "WebView2Loader.dll"
!define UNINSTALLER "uninstall.exe"
!define SHORTCUT "KIZ Desk.lnk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\KIZ Desk"
; The app's data folder below %LOCALAPPDATA% (src-tauri/src/data_dir.rs).
!define DATA_FOLDER "de.rhein-sieg-kreis.kiz-desk"
; The WebView2 Evergreen runtime's client key (Microsoft's documented check).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
; Microsoft's Evergreen bootstrapper (about 2 MB); fetched at install time only.
!define WEBVIEW2_BOOTSTRAPPER_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"
!define ERROR_ELEVATION_REQUIRED 740

Name "${PRODUCT}"
OutFile "${OUTFILE}"
; No InstallDir: .onInit tells a folder given with /D= (then $INSTDIR is set)
; from none.
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!define MUI_ICON "${ICON_SOURCE}"
!define MUI_UNICON "${ICON_SOURCE}"
!define MUI_ABORTWARNING

Var PerMachine   ; 1: all users (HKLM, Program Files), 0: current user
Var Passive      ; 1: /P or /UPDATE: progress only, no questions
Var Restart      ; 1: /R: start the app after installing
Var Update       ; 1: /UPDATE
Var SkipWebView2 ; 1: /NOWEBVIEW2
Var DeleteData   ; uninstaller: 1 when the data folder goes too
Var DataCheckbox ; uninstaller: the checkbox's window

; ---------------------------------------------------------------- pages

!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipPageWhenPassive
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipPageWhenPassive
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(StartApp)"
!define MUI_FINISHPAGE_RUN_FUNCTION StartApp
!insertmacro MUI_PAGE_FINISH

; The data page is the uninstaller's confirmation too.
UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; German first: the default where Windows speaks neither language. NSIS
; picks the language of the user's Windows display language.
!insertmacro MUI_LANGUAGE "German"
!insertmacro MUI_LANGUAGE "English"
!include "lang\de.nsh"
!include "lang\en.nsh"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
!macro VERSION_KEYS LANG
  VIAddVersionKey /LANG=${LANG} "ProductName" "${PRODUCT}"
  VIAddVersionKey /LANG=${LANG} "CompanyName" "${PUBLISHER}"
  VIAddVersionKey /LANG=${LANG} "FileDescription" "${PRODUCT} Setup"
  VIAddVersionKey /LANG=${LANG} "FileVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG} "ProductVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG} "LegalCopyright" "EUPL-1.2"
!macroend
!insertmacro VERSION_KEYS ${LANG_GERMAN}
!insertmacro VERSION_KEYS ${LANG_ENGLISH}

; ---------------------------------------------------------------- helpers

; Sets OUT to 1 when the switch NAME stands alone in PARAMS, else 0
; (GetOptions alone would also match "/P" in "/PX").
!macro SWITCH PARAMS NAME OUT
  ClearErrors
  ${GetOptions} "${PARAMS}" "${NAME}" $R9
  ${If} ${Errors}
    StrCpy ${OUT} 0
  ${ElseIf} $R9 != ""
    StrCpy ${OUT} 0
  ${Else}
    StrCpy ${OUT} 1
  ${EndIf}
!macroend

; Sets OUT to 1 when this process runs with administrator rights (elevated).
!macro IS_ADMIN OUT
  UserInfo::GetAccountType
  Pop $R9
  ${If} $R9 == "Admin"
    StrCpy ${OUT} 1
  ${Else}
    StrCpy ${OUT} 0
  ${EndIf}
!macroend

; Waits until kiz-desk.exe in $INSTDIR is no longer running: a running
; program file cannot be opened for writing. Asks in a window (Retry /
; Cancel); when passive or silent, waits up to 15 seconds (the updater has
; just told the app to exit) and then gives up. Aborts when it stays open.
!macro WAIT_UNTIL_CLOSED
  Push $0
  Push $1
  StrCpy $1 0
  ${Do}
    ${IfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
      ${Break}
    ${EndIf}
    ClearErrors
    FileOpen $0 "$INSTDIR\${APP_EXE}" a
    ${IfNot} ${Errors}
      FileClose $0
      ${Break}
    ${EndIf}
    ${If} ${Silent}
    ${OrIf} $Passive == 1
      IntOp $1 $1 + 1
      ${If} $1 > 30
        DetailPrint "$(AppRunning)"
        SetErrorLevel 5
        Abort "$(AppRunning)"
      ${EndIf}
      Sleep 500
    ${Else}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" IDRETRY retry
      SetErrorLevel 5
      Abort "$(AppRunning)"
      retry:
    ${EndIf}
  ${Loop}
  Pop $1
  Pop $0
!macroend

; Per machine: HKLM and the all-users folders; per user: HKCU and the user's.
!macro USE_MODE
  ${If} $PerMachine == 1
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
!macroend

; ---------------------------------------------------------------- installer

Function .onInit
  SetRegView 64
  ${GetParameters} $R0
  !insertmacro SWITCH $R0 "/P" $Passive
  !insertmacro SWITCH $R0 "/R" $Restart
  !insertmacro SWITCH $R0 "/UPDATE" $Update
  !insertmacro SWITCH $R0 "/NOWEBVIEW2" $SkipWebView2
  !insertmacro SWITCH $R0 "/ALLUSERS" $R1
  !insertmacro SWITCH $R0 "/CURRENTUSER" $R2
  !insertmacro SWITCH $R0 "/ELEVATED" $R3
  ${If} $Update == 1
    StrCpy $Passive 1
  ${EndIf}

  ; The mode: a switch decides; else that of an installed copy (the current
  ; user's first); else per user.
  ReadRegStr $R4 HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ReadRegStr $R5 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $R1 == 1
    StrCpy $PerMachine 1
  ${ElseIf} $R2 == 1
    StrCpy $PerMachine 0
  ${ElseIf} $R4 != ""
    StrCpy $PerMachine 0
  ${ElseIf} $R5 != ""
    StrCpy $PerMachine 1
  ${Else}
    StrCpy $PerMachine 0
  ${EndIf}

  ${If} $PerMachine == 1
    !insertmacro IS_ADMIN $R6
    ${If} $R6 != 1
      ${If} $Update == 1
      ${AndIf} $R3 != 1
        ; An update of a copy installed for all users: ask Windows for
        ; administrator rights (UAC); staff without them call IT.
        ClearErrors
        ExecShell "runas" "$EXEPATH" "/ELEVATED $R0"
        ${IfNot} ${Errors}
          Quit
        ${EndIf}
        MessageBox MB_OK|MB_ICONSTOP "$(UpdateNeedsAdmin)" /SD IDOK
        ${If} $Restart == 1
        ${AndIf} ${FileExists} "$R5\${APP_EXE}"
          Exec '"$R5\${APP_EXE}"'
        ${EndIf}
      ${Else}
        MessageBox MB_OK|MB_ICONSTOP "$(InstallNeedsAdmin)" /SD IDOK
      ${EndIf}
      SetErrorLevel ${ERROR_ELEVATION_REQUIRED}
      Quit
    ${EndIf}
  ${EndIf}
  !insertmacro USE_MODE

  ; The folder: /D= wins; else that of the copy installed in this mode;
  ; else the default of the mode.
  ${If} $INSTDIR == ""
    ${If} $PerMachine == 1
      StrCpy $INSTDIR $R5
    ${Else}
      StrCpy $INSTDIR $R4
    ${EndIf}
  ${EndIf}
  ${If} $INSTDIR == ""
    ${If} $PerMachine == 1
      StrCpy $INSTDIR "$PROGRAMFILES64\${PRODUCT}"
    ${Else}
      StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${PRODUCT}"
    ${EndIf}
  ${EndIf}
FunctionEnd

Function SkipPageWhenPassive
  ${If} $Passive == 1
    Abort
  ${EndIf}
FunctionEnd

; Starts the installed app as the desktop's user: an installer running with
; administrator rights hands the start to Explorer, so the app does not run
; elevated (its data folder belongs to the user).
Function StartApp
  ${If} $PerMachine == 1
    Exec '"$WINDIR\explorer.exe" "$INSTDIR\${APP_EXE}"'
  ${Else}
    Exec '"$INSTDIR\${APP_EXE}"'
  ${EndIf}
FunctionEnd

; Sets $0 to 1 when the WebView2 Evergreen runtime is installed (for the
; machine or for this user), else 0.
Function WebView2Present
  StrCpy $0 0
  ReadRegStr $1 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ${If} $1 == ""
  ${OrIf} $1 == "0.0.0.0"
    ReadRegStr $1 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $1 != ""
  ${AndIf} $1 != "0.0.0.0"
    StrCpy $0 1
  ${EndIf}
FunctionEnd

Function InstallWebView2
  Call WebView2Present
  ${If} $0 == 1
    Return
  ${EndIf}
  InitPluginsDir
!ifdef WEBVIEW2_OFFLINE
  DetailPrint "$(WebView2Installing)"
  File "/oname=$PLUGINSDIR\MicrosoftEdgeWebView2RuntimeInstallerX64.exe" "${WEBVIEW2_OFFLINE}"
  ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebView2RuntimeInstallerX64.exe" /silent /install' $1
!else
  ${IfNot} ${Silent}
  ${AndIf} $Passive != 1
    MessageBox MB_YESNO|MB_ICONQUESTION "$(WebView2Ask)" IDYES +2
    Goto done
  ${EndIf}
  DetailPrint "$(WebView2Downloading)"
  nsExec::ExecToLog '"$SYSDIR\curl.exe" --fail --location --silent --show-error --proto =https --output "$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2_BOOTSTRAPPER_URL}"'
  Pop $1
  ${If} $1 == 0
    DetailPrint "$(WebView2Installing)"
    ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
  ${EndIf}
  done:
!endif
  Call WebView2Present
  ${If} $0 != 1
    DetailPrint "$(WebView2Failed)"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebView2Failed)" /SD IDOK
    ; Installed, but the app cannot start yet: scripts of IT see it.
    SetErrorLevel 3
  ${EndIf}
FunctionEnd

Section "KIZ Desk"
  !insertmacro WAIT_UNTIL_CLOSED
  SetOutPath "$INSTDIR"
  File "/oname=${APP_EXE}" "${APP_EXE_SOURCE}"
!ifdef LOADER_SOURCE
  File "/oname=${LOADER}" "${LOADER_SOURCE}"
!endif
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\${APP_EXE}" "" \
    "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "$(ShortcutDescription)"

  ; "Apps & Features" (SHCTX: HKLM per machine, HKCU per user).
  ${If} $PerMachine == 1
    StrCpy $R0 "/ALLUSERS"
  ${Else}
    StrCpy $R0 "/CURRENTUSER"
  ${EndIf}
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}" $R0'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" $R0 /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $R1 $R2 $R3
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $R1

  ${If} $SkipWebView2 != 1
    Call InstallWebView2
  ${EndIf}

  ${If} $Passive == 1
    SetAutoClose true
  ${EndIf}
SectionEnd

Function .onInstSuccess
  ${If} $Restart == 1
    Call StartApp
  ${EndIf}
FunctionEnd

; ---------------------------------------------------------------- uninstaller

Function un.onInit
  SetRegView 64
  ${GetParameters} $R0
  !insertmacro SWITCH $R0 "/ALLUSERS" $R1
  !insertmacro SWITCH $R0 "/CURRENTUSER" $R2
  !insertmacro SWITCH $R0 "/DELETEDATA" $DeleteData
  !insertmacro SWITCH $R0 "/ELEVATED" $R3
  StrCpy $Passive 0
  ; The mode: the switch written into UninstallString; else per machine
  ; when the machine's entry names this folder.
  ${If} $R1 == 1
    StrCpy $PerMachine 1
  ${ElseIf} $R2 == 1
    StrCpy $PerMachine 0
  ${Else}
    ReadRegStr $R4 HKLM "${UNINSTALL_KEY}" "InstallLocation"
    ${If} $R4 == $INSTDIR
      StrCpy $PerMachine 1
    ${Else}
      StrCpy $PerMachine 0
    ${EndIf}
  ${EndIf}
  ${If} $PerMachine == 1
    !insertmacro IS_ADMIN $R6
    ${If} $R6 != 1
      ${IfNot} ${Silent}
      ${AndIf} $R3 != 1
        ; Opened from "Apps & Features": ask Windows for administrator rights.
        ClearErrors
        ; (Only the switches: the running copy's own "_?=" must not go along.)
        StrCpy $R5 ""
        ${If} $DeleteData == 1
          StrCpy $R5 "/DELETEDATA"
        ${EndIf}
        ExecShell "runas" "$INSTDIR\${UNINSTALLER}" "/ALLUSERS /ELEVATED $R5"
        ${IfNot} ${Errors}
          Quit
        ${EndIf}
      ${EndIf}
      MessageBox MB_OK|MB_ICONSTOP "$(UninstallNeedsAdmin)" /SD IDOK
      SetErrorLevel ${ERROR_ELEVATION_REQUIRED}
      Quit
    ${EndIf}
  ${EndIf}
  !insertmacro USE_MODE
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "$(DataPageTitle)" "$(DataPageSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  SetShellVarContext current
  ${NSD_CreateLabel} 0 0 100% 60u "$(DataPageText)$\r$\n$\r$\n$LOCALAPPDATA\${DATA_FOLDER}"
  Pop $0
  !insertmacro USE_MODE
  ${NSD_CreateCheckbox} 0 70u 100% 12u "$(DataCheckbox)"
  Pop $DataCheckbox
  ${If} $DeleteData == 1
    ${NSD_Check} $DataCheckbox
  ${EndIf}
  GetDlgItem $0 $HWNDPARENT 1
  SendMessage $0 ${WM_SETTEXT} 0 "STR:$(^UninstallBtn)"
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DataCheckbox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(DataDeleteConfirm)" IDYES +2
    Abort
    StrCpy $DeleteData 1
  ${Else}
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  !insertmacro WAIT_UNTIL_CLOSED
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${LOADER}"
  Delete "$INSTDIR\${UNINSTALLER}"
  ; Only when empty: the folder may have been chosen with other files in it.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${SHORTCUT}"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  ${If} $DeleteData == 1
    ; The data folder of the user running the uninstaller (the database,
    ; its backups unless kept elsewhere, logs, the window's web storage).
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\${DATA_FOLDER}"
    !insertmacro USE_MODE
  ${EndIf}
SectionEnd
