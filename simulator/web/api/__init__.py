"""The Twilio REST surface: parse the request, call the engine, shape the JSON as Twilio does."""
