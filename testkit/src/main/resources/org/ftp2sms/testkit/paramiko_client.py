"""What customers' Python scripts (and WinSCP) do around an SFTP upload, with paramiko's defaults.

usage: paramiko_client.py MODE HOST PORT USER LOCAL_FILE REMOTE_NAME [COUNT]
the password comes from the environment variable SFTP_PASSWORD. Modes:
  put       SFTPClient.put(): write, close, stat to confirm the size (paramiko's default confirm=True)
  putfo     SFTPClient.putfo() from an open file object, likewise confirmed
  winscp    WinSCP's sequence for a large file: write REMOTE.filepart, close, set its times, rename to REMOTE
  truncate  COUNT times: open REMOTE for writing, write a little, truncate through the handle (fsetstat size)
            and through the path (setstat size), change its mode and times, then close half of them normally
            and abandon the rest by closing the session
Exits 0 when every call succeeded, 1 with the exception printed otherwise.
"""
import os
import sys
import traceback

import paramiko


def connect(host, port, user):
    transport = paramiko.Transport((host, int(port)))
    transport.connect(username=user, password=os.environ["SFTP_PASSWORD"])
    return transport, paramiko.SFTPClient.from_transport(transport)


def main(mode, host, port, user, local, remote, count="0"):
    transport, sftp = connect(host, port, user)
    try:
        if mode == "put":
            attrs = sftp.put(local, remote)
            print("put confirmed size", attrs.st_size)
        elif mode == "putfo":
            with open(local, "rb") as f:
                attrs = sftp.putfo(f, remote)
            print("putfo confirmed size", attrs.st_size)
        elif mode == "winscp":
            partial = remote + ".filepart"
            with open(local, "rb") as f, sftp.open(partial, "wb") as out:
                out.write(f.read())
            st = os.stat(local)
            sftp.utime(partial, (st.st_atime, st.st_mtime))
            sftp.rename(partial, remote)
            print("renamed", partial, "to", remote, "size", sftp.stat(remote).st_size)
        elif mode == "truncate":
            abandoned = []  # kept referenced: paramiko closes a handle it garbage-collects
            for i in range(int(count)):
                name = "%s-%d" % (remote, i)
                handle = sftp.open(name, "wb")
                handle.write(b"phone\n0476123456\n")
                handle.truncate(6)
                sftp.truncate(name, 0)
                sftp.chmod(name, 0o600)
                sftp.utime(name, (1000000000, 1000000000))
                if i % 2 == 0:
                    handle.close()
                else:
                    abandoned.append(handle)
            print("truncated", count)
        else:
            raise SystemExit("unknown mode " + mode)
    finally:
        sftp.close()
        transport.close()


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except SystemExit:
        raise
    except Exception:
        traceback.print_exc()
        sys.exit(1)
