console.log("prepare: not implemented yet");
