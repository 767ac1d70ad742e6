// DXAudioTests: placeholder until the module lands.
