// DXAudio: placeholder until the module lands.
