using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Interest.Training.Fitting;

/// <summary>
/// An exponential moving average of a module's parameters over optimizer steps (Polyak averaging): evaluated and served
/// in place of the last step's weights, it smooths out the noise of the final steps. The decay ramps up as
/// min(decay, (1 + t) / (10 + t)) so that the first steps' weights do not linger in the average.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _averages;
    private readonly double _decay;
    private long _steps;

    public WeightAverage(nn.Module module, double decay)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (decay is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in (0, 1).");
        _decay = decay;
        using var noGrad = no_grad();
        _parameters = module.parameters().ToArray();
        _averages = _parameters.Select(parameter => parameter.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Folds the parameters' current values in; call after each optimizer step.</summary>
    public void Update()
    {
        _steps++;
        double rate = Math.Min(_decay, (1.0 + _steps) / (10.0 + _steps));
        using var noGrad = no_grad();
        using var keep = rate.ToScalar();
        using var take = (1 - rate).ToScalar();
        for (int i = 0; i < _parameters.Length; i++) _averages[i].mul_(keep).add_(_parameters[i], take);
    }

    /// <summary>
    /// Exchanges the module's parameters with the average: the module then holds the average, and a second call gives
    /// it its own weights back. No <see cref="Update"/> may run between the two.
    /// </summary>
    public void Swap()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var live = _parameters[i].detach().clone();
            _parameters[i].copy_(_averages[i]);
            _averages[i].copy_(live);
        }
    }

    public void Dispose()
    {
        foreach (var average in _averages) average.Dispose();
    }
}
