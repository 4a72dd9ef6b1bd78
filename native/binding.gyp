{
  "targets": [
    {
      "target_name": "iamtrim_inflate",
      "sources": ["gunzip.c"],
      "libraries": ["-ldeflate"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
