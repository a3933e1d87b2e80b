; Inno Setup script: the Windows installer of the PyInstaller folder dist\kinelink\ (packaging/kinelink.spec).
; Compile on Windows after PyInstaller, from the repository's top folder (docs/install.md):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\kinelink.iss
; Output: dist\kinelink-<version>-windows-setup.exe. Paths below are relative to this file's folder.
; Installs for the current user by default (no administrator needed); uninstalling removes the program
; only: the database, settings, backups and logs in the user's folders are kept.
#include "version.iss"

[Setup]
AppId={{BFCF69F4-A3F6-47C1-B7F7-3DB6A7876A0B}
AppName=Kinelink
AppVersion={#AppVersion}
AppVerName=Kinelink {#AppVersion}
AppPublisher=The Kinelink authors
DefaultDirName={autopf}\Kinelink
DefaultGroupName=Kinelink
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile=..\kinelink.ico
UninstallDisplayIcon={app}\kinelink-gui.exe
OutputDir=..\..\dist
OutputBaseFilename=kinelink-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\kinelink\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion
Source: "..\..\reports\fonts\LICENSE.txt"; DestDir: "{app}"; DestName: "LICENSE-fonts.txt"; Flags: ignoreversion

[Icons]
; The Start menu and desktop start the windowless executable: no console window beside Kinelink.
Name: "{autoprograms}\Kinelink"; Filename: "{app}\kinelink-gui.exe"
Name: "{autodesktop}\Kinelink"; Filename: "{app}\kinelink-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\kinelink-gui.exe"; Description: "{cm:LaunchProgram,Kinelink}"; Flags: nowait postinstall skipifsilent
