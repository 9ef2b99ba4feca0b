# Authenticode signing for the release workflow (see installer/README.md, "Signing").
# Dot-source it, then: Invoke-Signing (Get-ChildItem dist\o2c_desktop\*.exe)
# Reads the certificate from the environment, never from a file in the repository:
#   SIGNING_PFX_BASE64    the code-signing certificate and key, PFX, base64
#   SIGNING_PFX_PASSWORD  its password
#   SIGNING_TIMESTAMP_URL an RFC 3161 time-stamp server (signatures outlive the certificate)

function Get-SignTool {
  $found = Get-ChildItem 'C:\Program Files (x86)\Windows Kits\10\bin\*\x64\signtool.exe' -ErrorAction SilentlyContinue |
    Sort-Object FullName | Select-Object -Last 1
  if (-not $found) { throw 'signtool.exe not found (Windows SDK)' }
  return $found.FullName
}

function Invoke-Signing([System.IO.FileInfo[]] $Files) {
  if (-not $env:SIGNING_PFX_BASE64) { throw 'SIGNING_PFX_BASE64 is empty' }
  $pfx = Join-Path $env:RUNNER_TEMP 'signing.pfx'
  [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:SIGNING_PFX_BASE64))
  try {
    $signtool = Get-SignTool
    & $signtool sign /f $pfx /p $env:SIGNING_PFX_PASSWORD /fd SHA256 `
      /tr $env:SIGNING_TIMESTAMP_URL /td SHA256 /d 'o2c_desktop' ($Files | ForEach-Object FullName)
    if ($LASTEXITCODE -ne 0) { throw "signtool sign failed ($LASTEXITCODE)" }
    & $signtool verify /pa ($Files | ForEach-Object FullName)
    if ($LASTEXITCODE -ne 0) { throw "signtool verify failed ($LASTEXITCODE)" }
  } finally {
    Remove-Item $pfx -Force -ErrorAction SilentlyContinue
  }
}
