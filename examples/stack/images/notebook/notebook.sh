#!/bin/sh
# A stand-in for a notebook server: prints its version.
case "$1" in
  --version) echo "notebook $(cat /etc/acme-stack/notebook-version)" ;;
  *) echo "notebook: serving $(pwd)" ;;
esac
