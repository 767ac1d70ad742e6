print("dx-cues")
