namespace Interest.Training.Tests;

/// <summary>
/// Tests that seed or draw from torch's global random generator (a training run seeds it and its dropout draws from it;
/// module initialisers draw from it). xUnit runs test classes in parallel; classes in this collection run one at a time,
/// so that no run's draws interleave with another's and every run stays reproducible.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalState
{
    public const string Name = "torch global state";
}
