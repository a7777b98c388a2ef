using KafkaBrokerProbe;

// Usage: dotnet run -c Release --project bench/KafkaBrokerProbe [-- --events N]
int events = args.Length == 2 && args[0] == "--events" ? int.Parse(args[1]) : 300_000;
Console.WriteLine($"# Embedded Kafka broker probe ({Environment.ProcessorCount} cores, {events:N0} events, librdkafka {Confluent.Kafka.Library.VersionString})");
Console.WriteLine();
await Probes.RunAllAsync(events);
