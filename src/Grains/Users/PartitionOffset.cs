namespace Interest.Grains.Users;

[GenerateSerializer, Immutable, Alias("interest.PartitionOffset")]
public readonly record struct PartitionOffset([property: Id(0)] int Partition, [property: Id(1)] long Offset);
