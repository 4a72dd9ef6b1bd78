{
  "targets": [
    {
      "target_name": "iamtrim_inflate",
      "sources": ["gunzip.c", "scan.c", "project.c"],
      "libraries": ["-ldeflate"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
