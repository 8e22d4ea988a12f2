@echo off
rem Install spp-tui {{VERSION}} for the current user only: no admin rights, no network.
rem Uses the first Python that fits this bundle (Python {{PYTHONS}}, 64-bit);
rem choose one with:  set PYTHON=C:\path\to\python.exe  before running this file.
setlocal
set "HERE=%~dp0"
set "FOUND="
if defined PYTHON (
  call :try "%PYTHON%"
  if not defined FOUND goto :badpython
)
if not defined FOUND call :try py -3.12
if not defined FOUND call :try py -3.11
if not defined FOUND call :try python
if not defined FOUND call :try python3
if not defined FOUND goto :nopython

%FOUND% "%HERE%install.py" %*
set "RC=%ERRORLEVEL%"
goto :finish

:try
%* "%HERE%install.py" --check >nul 2>&1
if not errorlevel 1 set FOUND=%*
exit /b 0

:badpython
echo spp-tui install: error: PYTHON=%PYTHON% cannot be used:
"%PYTHON%" "%HERE%install.py" --check
set "RC=1"
goto :finish

:nopython
echo spp-tui install: error: no suitable Python found.
echo This bundle needs Python {{PYTHONS}} (64-bit). Install it for the current user:
echo python.org installer, untick "Use admin privileges when installing py.exe", then
echo "Install Now" (no admin rights needed). Or set PYTHON=C:\path\to\python.exe and
echo run this file again.
set "RC=1"

:finish
rem Keep the window open when started by a double-click, so the messages can be read.
echo %cmdcmdline% | findstr /i /c:"%~nx0" >nul && pause
exit /b %RC%
