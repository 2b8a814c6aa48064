# Runs the `age` command on a pseudo-terminal and types a passphrase when it asks, as a person
# would: age reads passphrases only from a terminal, never from a pipe.
#   python3 age-tty.py PASSPHRASE age -d -o out.tar FILE.age
# Exits with age's exit code; prints what age printed when it failed, and writes everything the
# terminal showed to the file $TTY_TRANSCRIPT when that is set.
import os
import pty
import sys

passphrase, command = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
said = b""
typed = False
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    said += chunk
    if not typed and b"passphrase" in said.lower():
        os.write(fd, passphrase.encode() + b"\n")
        typed = True
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
if os.environ.get("TTY_TRANSCRIPT"):
    with open(os.environ["TTY_TRANSCRIPT"], "wb") as transcript:
        transcript.write(said)
if code != 0:
    sys.stderr.write(said.decode(errors="replace"))
sys.exit(code)
