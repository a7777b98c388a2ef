using static TorchSharp.torch;

namespace Interest.Training.Fitting;

/// <summary>A detached copy of a module's weights, to return to the best epoch after early stopping.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _weights;

    private WeightSnapshot(Dictionary<string, Tensor> weights) => _weights = weights;

    public static WeightSnapshot Of(nn.Module module)
    {
        using var noGrad = no_grad();
        return new WeightSnapshot(module.state_dict().ToDictionary(
            entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope()));
    }

    public void RestoreInto(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict()) tensor.copy_(_weights[name]);
    }

    public void Dispose()
    {
        foreach (var tensor in _weights.Values) tensor.Dispose();
    }
}
